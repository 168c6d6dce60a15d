import Testing
@testable import StepwiseParquet

@Suite struct RLEHybridEncoderTests {
    func encode(_ values: [UInt8], width: Int) -> [UInt8] {
        var e = RLEHybridEncoder(bitWidth: width)
        for v in values { e.append(v) }
        return e.finish()
    }

    @Test func bitWidths() {
        #expect(RLEHybridEncoder.bitWidth(forMaxLevel: 1) == 1)
        #expect(RLEHybridEncoder.bitWidth(forMaxLevel: 2) == 2)
        #expect(RLEHybridEncoder.bitWidth(forMaxLevel: 3) == 2)
        #expect(RLEHybridEncoder.bitWidth(forMaxLevel: 4) == 3)
    }

    @Test func runOfEightOrMoreIsOneRLERun() {
        #expect(encode(Array(repeating: 0, count: 8), width: 1) == [0x10, 0x00])
        var e = RLEHybridEncoder(bitWidth: 1)
        e.append(1, count: 1_000_000)
        // count << 1 = 2,000,000 as a varint, then the value byte.
        #expect(e.finish() == [0x80, 0x89, 0x7A, 0x01])
    }

    @Test func shortRunsAreBitPackedLowBitFirst() {
        #expect(encode([0, 1, 0, 1, 0, 1, 0, 1], width: 1) == [0x03, 0xAA])
        // Encodings.md's example: 0...7 at width 3 packs to 10001000 11000110 11111010.
        #expect(encode([0, 1, 2, 3, 4, 5, 6, 7], width: 3) == [0x03, 0x88, 0xC6, 0xFA])
        // The last group of a page is padded with zeros.
        #expect(encode([1, 0, 1], width: 1) == [0x03, 0x05])
    }

    @Test func literalsBorrowFromTheFollowingRunToCompleteTheirGroup() throws {
        // 5 literals, then 20 twos: one bit-packed group (5 + 3 twos), then an RLE run of 17.
        let bytes = encode([0, 1, 0, 1, 0] + Array(repeating: 2, count: 20), width: 2)
        #expect(bytes == [0x03, 0b0100_0100, 0b1010_1000, 17 << 1, 0x02])
        #expect(try RLEHybridTestDecoder.decode(bytes, bitWidth: 2, count: 25) == [0, 1, 0, 1, 0] + Array(repeating: 2, count: 20))
    }

    @Test func emptyEncodesToNothing() {
        var e = RLEHybridEncoder(bitWidth: 1)
        #expect(e.finish() == [])
    }

    @Test(arguments: [1, 2, 3])
    func randomLevelsDecodeBack(width: Int) throws {
        var rng = CaseRandom(state: UInt64(width))
        for round in 0..<200 {
            var e = RLEHybridEncoder(bitWidth: width)
            var expected: [UInt8] = []
            for _ in 0..<rng.next(300) {
                let v = UInt8(rng.next(1 << width))
                // Mostly short runs, sometimes long ones, as list lengths make them.
                let n = rng.next(4) == 0 ? rng.next(40) : rng.next(3)
                e.append(v, count: n)
                expected += repeatElement(v, count: n)
            }
            #expect(e.count == expected.count)
            let bound = e.estimatedByteCount
            let bytes = e.finish()
            #expect(bytes.count <= bound, "estimate below the real size (round \(round))")
            #expect(try RLEHybridTestDecoder.decode(bytes, bitWidth: width, count: expected.count) == expected.map(Int.init))
            #expect(e.count == 0)
        }
    }
}
