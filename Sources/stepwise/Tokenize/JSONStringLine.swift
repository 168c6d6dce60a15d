import StepwiseCore

/// Reads a line holding one JSON string (whitespace around it allowed) as UTF-8 text — the
/// text `JSONValue(parsing:)` gives for the line `readLine` would have returned: bytes that
/// are not valid UTF-8 become U+FFFD (as `String(decoding:as: UTF8.self)` repairs them), and
/// escapes, surrogate pairs included, are decoded.
///
/// A string without escapes in valid UTF-8 is handed over in place, with no copy.
struct JSONStringLine {
    /// Where a string with escapes is decoded.
    private var decoded: [UInt8] = []
    /// The line with its invalid UTF-8 replaced, when it had any.
    private var repaired: [UInt8] = []

    /// Calls `body` with the string's UTF-8 bytes; `nil` when the line is not one JSON string.
    mutating func withText<R>(of line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        switch scan(line) {
        case .failed:
            return nil
        case .inPlace(let range):
            return body(UnsafeBufferPointer(rebasing: line[range]))
        case .escaped:
            return decoded.withUnsafeBufferPointer { body($0) }
        case .invalidUTF8:
            var repaired: [UInt8] = []
            swap(&repaired, &self.repaired)
            defer { swap(&repaired, &self.repaired) }
            repaired.removeAll(keepingCapacity: true)
            repaired.append(contentsOf: String(decoding: line, as: UTF8.self).utf8)
            return repaired.withUnsafeBufferPointer { repaired in
                switch scan(repaired) {
                case .inPlace(let range): return body(UnsafeBufferPointer(rebasing: repaired[range]))
                case .escaped: return decoded.withUnsafeBufferPointer { body($0) }
                case .failed, .invalidUTF8: return nil
                }
            }
        }
    }

    private enum Scan {
        /// The text is these bytes of the line.
        case inPlace(Range<Int>)
        /// The text is in `decoded`.
        case escaped
        case invalidUTF8
        case failed
    }

    private mutating func scan(_ line: UnsafeBufferPointer<UInt8>) -> Scan {
        let count = line.count
        var position = Self.skipWhitespace(line, from: 0)
        guard position < count, line[position] == UInt8(ascii: "\"") else { return .failed }
        position += 1
        let start = position
        var escaped = false
        while true {
            let runEnd = Self.skipPlainASCII(line, from: position)
            if escaped { decoded.append(contentsOf: UnsafeBufferPointer(rebasing: line[position..<runEnd])) }
            position = runEnd
            guard position < count else { return .failed }
            let byte = line[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte >= 0x80 {
                let length = Self.validSequenceLength(line, at: position)
                if length == 0 { return .invalidUTF8 }
                if escaped { decoded.append(contentsOf: UnsafeBufferPointer(rebasing: line[position..<(position + length)])) }
                position += length
                continue
            }
            if byte < 0x20 { return .failed }
            // A backslash: from here on the text is built in `decoded`.
            if !escaped {
                escaped = true
                decoded.removeAll(keepingCapacity: true)
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: line[start..<position]))
            }
            position += 1
            do {
                try JSONEscape.decode(line, at: &position, into: &decoded)
            } catch {
                return .failed
            }
        }
        let end = position
        guard Self.skipWhitespace(line, from: end + 1) == count else { return .failed }
        return escaped ? .escaped : .inPlace(start..<end)
    }

    private static func skipWhitespace(_ line: UnsafeBufferPointer<UInt8>, from position: Int) -> Int {
        var position = position
        while position < line.count {
            switch line[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return position
            }
        }
        return position
    }

    /// The first position from `position` holding a quote, a backslash, a control
    /// character or a non-ASCII byte (or the end), eight bytes at a time.
    @inline(__always)
    static func skipPlainASCII(_ line: UnsafeBufferPointer<UInt8>, from position: Int) -> Int {
        var position = position
        let count = line.count
        if let base = UnsafeRawPointer(line.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while position + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
                // A high bit set in `special` marks a zero byte of `quote` or `backslash`, a
                // byte below 0x20, or a byte of 0x80 and above.
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | (word &- ones &* 0x20) | word
                if special & highs != 0 { break }
                position += 8
            }
        }
        while position < count {
            let byte = line[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            position += 1
        }
        return position
    }

    /// The length of the valid UTF-8 sequence of two to four bytes at `position`, or 0.
    @inline(__always)
    static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
        let lead = bytes[position]
        let remaining = bytes.count - position
        @inline(__always) func continuation(_ offset: Int) -> Bool { bytes[position + offset] & 0xC0 == 0x80 }
        switch lead {
        case 0xC2...0xDF:
            return remaining >= 2 && continuation(1) ? 2 : 0
        case 0xE0...0xEF:
            guard remaining >= 3, continuation(1), continuation(2) else { return 0 }
            let second = bytes[position + 1]
            if lead == 0xE0 && second < 0xA0 { return 0 }  // overlong
            if lead == 0xED && second >= 0xA0 { return 0 }  // a surrogate
            return 3
        case 0xF0...0xF4:
            guard remaining >= 4, continuation(1), continuation(2), continuation(3) else { return 0 }
            let second = bytes[position + 1]
            if lead == 0xF0 && second < 0x90 { return 0 }  // overlong
            if lead == 0xF4 && second >= 0x90 { return 0 }  // past U+10FFFF
            return 4
        default:
            return 0
        }
    }
}
