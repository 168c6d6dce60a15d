import StepwiseCore
/// Parses a JSON array of strings (the paper's released `<split>_CoT_<i>.json` files)
/// straight from bytes — several times faster than a general JSON decoder on these
/// 76 MB of e-SNLI completions, which keeps `stepwise teacher import` to seconds.
enum JSONStringArrayParser {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var message: String
        var description: String { "byte \(offset): \(message)" }
    }

    /// Calls `body` with each string of the array in `bytes`, in order.
    static func forEachString(in bytes: UnsafeBufferPointer<UInt8>, _ body: (String) throws -> Void) throws {
        var i = 0
        let n = bytes.count
        func skipSpace() {
            while i < n, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }
        func expect(_ c: UInt8, _ what: String) throws {
            skipSpace()
            guard i < n, bytes[i] == c else { throw Failure(offset: i, message: "expected \(what)") }
            i += 1
        }
        // Skip a UTF-8 byte order mark.
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        try expect(UInt8(ascii: "["), "'[' (a JSON array of strings)")
        skipSpace()
        if i < n, bytes[i] == UInt8(ascii: "]") {
            i += 1
        } else {
            var scratch: [UInt8] = []
            scratch.reserveCapacity(4096)
            while true {
                try expect(UInt8(ascii: "\""), "a string")
                try body(try readString(bytes, &i, &scratch))
                skipSpace()
                guard i < n else { throw Failure(offset: i, message: "unexpected end of file inside the array") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    break
                }
                throw Failure(offset: i, message: "expected ',' or ']'")
            }
        }
        skipSpace()
        guard i == n else { throw Failure(offset: i, message: "unexpected text after the array") }
    }

    /// Reads the string whose opening quote was just consumed; leaves `i` after the closing quote.
    private static func readString(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ scratch: inout [UInt8]) throws -> String {
        let n = bytes.count
        let start = i
        // Fast path: no escapes.
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                guard let s = String(validatingUTF8Bytes: UnsafeBufferPointer(rebasing: bytes[start..<i])) else {
                    throw Failure(offset: start, message: "invalid UTF-8 in the string starting here")
                }
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw Failure(offset: i, message: "control character inside a string") }
            i += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                guard let s = scratch.withUnsafeBufferPointer({ String(validatingUTF8Bytes: $0) }) else {
                    throw Failure(offset: start, message: "invalid UTF-8 in the string starting here")
                }
                return s
            }
            if b < 0x20 { throw Failure(offset: i, message: "control character inside a string") }
            if b != UInt8(ascii: "\\") {
                scratch.append(b)
                i += 1
                continue
            }
            i += 1
            do {
                try JSONEscape.decode(bytes, at: &i, into: &scratch)
            } catch {
                if error.truncated { break }
                throw Failure(offset: error.offset, message: error.message)
            }
        }
        throw Failure(offset: start, message: "unterminated string")
    }

}
