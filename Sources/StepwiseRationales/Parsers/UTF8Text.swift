import Foundation

/// A completion as UTF-8 bytes, with the few Python `str` operations the paper's parse
/// rules are written in (`split`, `strip`, `[:-1]`), reproduced exactly.
///
/// Work happens on byte ranges so parsing a corpus of half a million completions does
/// not walk `Character`s. All separators the rules search for are ASCII, so a byte match
/// is a code-point match; stripping and dropping a last character decode the scalar at
/// the edge, because Python's `strip()` also removes non-ASCII whitespace (U+00A0, U+2009…)
/// and `[:-1]` removes one code point, not one byte.
struct UTF8Text: Sendable {
    let bytes: [UInt8]

    init(_ string: String) {
        bytes = Array(string.utf8)
    }

    /// `bytes` in `range` with ASCII letters lowercased (same length), for the robust
    /// mode's case-insensitive searches. Made on demand: the paper rules never need it.
    func lowered(_ range: Range<Int>) -> [UInt8] {
        bytes[range].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    var all: Range<Int> { 0..<bytes.count }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    // MARK: Searching

    /// The start of the first occurrence of `needle` inside `range`.
    func firstIndex(of needle: [UInt8], in range: Range<Int>, caseInsensitive: Bool = false) -> Int? {
        if caseInsensitive {
            return Self.firstIndex(of: needle, in: lowered(range), base: range.lowerBound, range: range)
        }
        return Self.firstIndex(of: needle, in: bytes, base: 0, range: range)
    }

    /// The starts of all non-overlapping occurrences of `needle`, left to right — the
    /// separators Python's `str.split(needle)` would cut at.
    func occurrences(of needle: [UInt8], in range: Range<Int>, caseInsensitive: Bool = false) -> [Int] {
        // One lowered copy for the whole search; `base` maps its offsets back to `bytes`.
        let hay = caseInsensitive ? lowered(range) : bytes
        let base = caseInsensitive ? range.lowerBound : 0
        var out: [Int] = []
        var from = range.lowerBound
        while let i = Self.firstIndex(of: needle, in: hay, base: base, range: from..<range.upperBound) {
            out.append(i)
            from = i + needle.count
        }
        return out
    }

    /// Searches `hay`, which holds the bytes from offset `base` on, within `range` (offsets
    /// in the original text).
    private static func firstIndex(of needle: [UInt8], in hay: [UInt8], base: Int, range: Range<Int>) -> Int? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        precondition(range.lowerBound >= base && range.upperBound - base <= hay.count, "search range outside the text")
        // Candidates by the first byte with libc's memchr (many bytes at a time), each
        // checked with memcmp: the first occurrence, as a byte loop finds it.
        return hay.withUnsafeBytes { hay in
            needle.withUnsafeBytes { needle in
                let start = hay.baseAddress! + (range.lowerBound - base)
                let lastStart = range.count - needle.count
                var offset = 0
                while offset <= lastStart {
                    guard let hit = memchr(start + offset, Int32(needle[0]), lastStart - offset + 1) else { return nil }
                    let at = UnsafeRawPointer(hit) - start
                    if memcmp(start + at, needle.baseAddress!, needle.count) == 0 { return range.lowerBound + at }
                    offset = at + 1
                }
                return nil
            }
        }
    }

    /// Python's `s.split(needle)` as byte ranges.
    func split(_ range: Range<Int>, on needle: [UInt8]) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        for i in occurrences(of: needle, in: range) {
            parts.append(start..<i)
            start = i + needle.count
        }
        parts.append(start..<range.upperBound)
        return parts
    }

    /// Python's `s.split(needle)[0]`.
    func prefix(_ range: Range<Int>, before needle: [UInt8]) -> Range<Int> {
        guard let i = firstIndex(of: needle, in: range) else { return range }
        return range.lowerBound..<i
    }

    // MARK: Scalars at the edges

    /// The first scalar of a non-empty range and its length in bytes.
    func firstScalar(_ range: Range<Int>) -> (value: UInt32, length: Int)? {
        guard !range.isEmpty else { return nil }
        let b0 = bytes[range.lowerBound]
        let length: Int
        switch b0 {
        case 0..<0x80: return (UInt32(b0), 1)
        case 0xC0..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        default: length = 4
        }
        guard range.count >= length else { return (UInt32(b0), 1) }
        var value = UInt32(b0) & (0xFF >> (length + 1))
        for k in 1..<length { value = value << 6 | UInt32(bytes[range.lowerBound + k] & 0x3F) }
        return (value, length)
    }

    /// The last scalar of a non-empty range and its length in bytes.
    func lastScalar(_ range: Range<Int>) -> (value: UInt32, length: Int)? {
        guard !range.isEmpty else { return nil }
        var start = range.upperBound - 1
        // Continuation bytes are 10xxxxxx; a scalar has at most three of them.
        while start > range.lowerBound, bytes[start] & 0xC0 == 0x80, range.upperBound - start < 4 { start -= 1 }
        guard let scalar = firstScalar(start..<range.upperBound) else { return nil }
        return scalar.length == range.upperBound - start ? scalar : (UInt32(bytes[range.upperBound - 1]), 1)
    }

    /// Python's `rstrip()`: drops trailing whitespace as `str.isspace` defines it.
    func rstrip(_ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while let (value, length) = lastScalar(range.lowerBound..<end), UTF8Text.isPythonSpace(value) {
            end -= length
        }
        return range.lowerBound..<end
    }

    /// Python's `lstrip()`.
    func lstrip(_ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        while let (value, length) = firstScalar(start..<range.upperBound), UTF8Text.isPythonSpace(value) {
            start += length
        }
        return start..<range.upperBound
    }

    /// Python's `strip()`.
    func strip(_ range: Range<Int>) -> Range<Int> { rstrip(lstrip(range)) }

    /// Python's `s[:-1]`: the range without its last code point (empty stays empty).
    func dropLastScalar(_ range: Range<Int>) -> Range<Int> {
        guard let (_, length) = lastScalar(range) else { return range }
        return range.lowerBound..<(range.upperBound - length)
    }

    /// The code points for which Python's `str.isspace()` is true (Unicode White_Space
    /// plus the ASCII separators U+001C…U+001F).
    static func isPythonSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
}

extension String {
    /// The string's UTF-8 bytes, for use as a search needle.
    var bytes: [UInt8] { Array(utf8) }
}
