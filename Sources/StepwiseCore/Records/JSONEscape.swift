/// Decoding of one JSON string escape (`\n`, `\"`, `\u00e9`, a `\uD83D\uDE00` surrogate
/// pair, …) on UTF-8 bytes: the shared step of the byte-level JSON readers.
public enum JSONEscape {
    /// Why an escape could not be decoded; `offset` is where the problem is.
    public struct Failure: Error, Sendable {
        public var offset: Int
        public var message: String
        /// The text ended inside the escape.
        public var truncated: Bool
    }

    /// Decodes the escape whose backslash is at `position - 1` and appends its UTF-8 bytes
    /// to `output`; on success `position` is just past the escape.
    public static func decode(
        _ text: UnsafeBufferPointer<UInt8>, at position: inout Int, into output: inout [UInt8]
    ) throws(Failure) {
        guard position < text.count else { throw Failure(offset: position, message: "the text ends inside an escape", truncated: true) }
        let e = text[position]
        position += 1
        switch e {
        case UInt8(ascii: "\""): output.append(0x22)
        case UInt8(ascii: "\\"): output.append(0x5C)
        case UInt8(ascii: "/"): output.append(0x2F)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(text, &position)
            if (0xD800..<0xDC00).contains(scalar) {
                guard position + 1 < text.count else {
                    throw Failure(offset: text.count, message: "the text ends inside an escape", truncated: true)
                }
                guard text[position] == UInt8(ascii: "\\"), text[position + 1] == UInt8(ascii: "u") else {
                    throw Failure(
                        offset: position, message: "a high surrogate \\u escape not followed by a low surrogate",
                        truncated: false)
                }
                position += 2
                let low = try hex4(text, &position)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw Failure(offset: position, message: "invalid low surrogate \\u escape", truncated: false)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw Failure(offset: position, message: "a lone low surrogate \\u escape", truncated: false)
            }
            guard let u = Unicode.Scalar(scalar) else {
                throw Failure(offset: position, message: "invalid \\u escape", truncated: false)
            }
            output.append(contentsOf: UTF8.encode(u)!)
        default:
            throw Failure(
                offset: position - 1, message: "invalid escape '\\\(Unicode.Scalar(e))' in a string", truncated: false)
        }
    }

    private static func hex4(_ text: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws(Failure) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard position < text.count else {
                throw Failure(offset: position, message: "the text ends inside an escape", truncated: true)
            }
            let b = text[position]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw Failure(offset: position, message: "invalid hex digit in a \\u escape", truncated: false)
            }
            v = v << 4 | UInt32(d)
            position += 1
        }
        return v
    }
}
