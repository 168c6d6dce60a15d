import Testing

@testable import StepwiseCore

@Suite struct UTF8ValidationTests {
    func make(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { String(validatingUTF8Bytes: $0) }
    }

    @Test("valid text comes back as it is, ASCII or not, at every length around the 8-byte steps")
    func valid() {
        for n in 0..<20 {
            let ascii = String(repeating: "a", count: n)
            #expect(make(Array(ascii.utf8)) == ascii)
            let mixed = ascii + "é" + ascii + "🐕"
            #expect(make(Array(mixed.utf8)) == mixed)
        }
    }

    @Test("invalid UTF-8 is refused wherever it is, as String(validating:) refuses it")
    func invalid() {
        let bad: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x90, 0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF]]
        for sequence in bad {
            for n in [0, 1, 7, 8, 9, 16] {
                let bytes = Array(repeating: UInt8(ascii: "x"), count: n) + sequence + [UInt8(ascii: "y")]
                #expect(make(bytes) == nil, "\(bytes)")
                #expect(String(validating: bytes, as: UTF8.self) == nil)
            }
        }
    }
}
