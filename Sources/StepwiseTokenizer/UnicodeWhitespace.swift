/// Unicode `White_Space` on UTF-8 bytes (what Rust's `char::is_whitespace` tests, which HF's
/// `Strip` normalizer and added-token `lstrip`/`rstrip` use).
enum UnicodeWhitespace {
    static func contains(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Decodes the scalar starting at `index` (valid UTF-8 assumed) and its length.
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        let length = min(UTF8Length.ofLeadByte(lead), bytes.count - index)
        var value: UInt32
        switch length {
        case 1: return (UInt32(lead), 1)
        case 2: value = UInt32(lead & 0x1F)
        case 3: value = UInt32(lead & 0x0F)
        default: value = UInt32(lead & 0x07)
        }
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (value, length)
    }

    /// The end of `bytes[start..<end]` with trailing whitespace removed.
    static func trimmedEnd(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        var end = end
        while end > start {
            var scalarStart = end - 1
            while scalarStart > start && bytes[scalarStart] & 0xC0 == 0x80 { scalarStart -= 1 }
            guard contains(scalar(in: bytes, at: scalarStart).value) else { break }
            end = scalarStart
        }
        return end
    }

    /// The start of `bytes[start..<end]` with leading whitespace removed.
    static func trimmedStart(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        var start = start
        while start < end {
            let (value, length) = scalar(in: bytes, at: start)
            guard contains(value) else { break }
            start += length
        }
        return start
    }
}
