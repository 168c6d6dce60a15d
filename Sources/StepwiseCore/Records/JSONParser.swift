
/// A JSON syntax problem: what was expected and at which byte (0-based) of the text.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    /// The text ended before the value did (a truncated line).
    public var truncated: Bool
    /// A string held bytes that are not UTF-8.
    public var invalidUTF8 = false

    public var description: String { "\(message) (byte \(offset + 1))" }
}

/// A byte-level JSON parser producing ``JSONValue`` with object keys in source order.
///
/// Strict JSON (RFC 8259): one value, optional surrounding whitespace. Strings must be
/// valid UTF-8; escapes including surrogate pairs are decoded. Integers that fit in `Int`
/// become `.int`, other numbers `.double`. A repeated key keeps its first position and
/// its last value, as Python's `json` does.
///
/// The one JSON reader of the project: loaders, recordings, server responses, shard
/// indexes, run records and tokenizer files are all read with it.
public struct JSONParser {
    private let text: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    private var scratch: [UInt8] = []

    /// Parses `text` as one JSON document.
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(text: text)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.pos < text.count { throw parser.fail("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buf in
            do throws(JSONSyntaxError) { return .success(try parse(buf)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private init(text: UnsafeBufferPointer<UInt8>) { self.text = text }

    private func fail(_ message: String) -> JSONSyntaxError {
        if pos >= text.count {
            return JSONSyntaxError(offset: pos, message: "truncated JSON: the text ends inside a value", truncated: true)
        }
        return JSONSyntaxError(offset: pos, message: message, truncated: false)
    }

    private mutating func skipWhitespace() {
        while pos < text.count {
            switch text[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard pos < text.count else { throw fail("expected a value") }
        switch text[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character '\(Unicode.Scalar(text[pos]))' where a value should start")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        for i in 0..<n {
            guard pos + i < text.count else { pos = text.count; throw fail("") }
            if text[pos + i] != word.utf8Start[i] { throw fail("invalid literal, expected '\(word)'") }
        }
        pos += n
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > 512 { throw fail("nesting deeper than 512 levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        var pairs: [(String, JSONValue)] = []
        skipWhitespace()
        if pos < text.count && text[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(pairs)
        }
        // Records have a handful of fields: one allocation instead of growing 1, 2, 4, 8.
        pairs.reserveCapacity(8)
        while true {
            skipWhitespace()
            guard pos < text.count else { throw fail("") }
            guard text[pos] == UInt8(ascii: "\"") else { throw fail("expected a quoted key in an object") }
            let key = try parseString()
            skipWhitespace()
            guard pos < text.count else { throw fail("") }
            guard text[pos] == UInt8(ascii: ":") else { throw fail("expected ':' after an object key") }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            if let existing = pairs.firstIndex(where: { $0.0 == key }) {
                pairs[existing].1 = value
            } else {
                pairs.append((key, value))
            }
            skipWhitespace()
            guard pos < text.count else { throw fail("") }
            if text[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard text[pos] == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in an object") }
            pos += 1
            depth -= 1
            return .object(pairs)
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < text.count && text[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard pos < text.count else { throw fail("") }
            if text[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard text[pos] == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array") }
            pos += 1
            depth -= 1
            return .array(items)
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        pos += 1
        let start = pos
        skipPlainBytes()
        // Fast path: no escapes.
        while pos < text.count {
            let b = text[pos]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: text[start..<pos])
                guard let s = String(validatingUTF8Bytes: slice) else {
                    pos = start
                    throw JSONSyntaxError(offset: start, message: "invalid UTF-8 in a string", truncated: false, invalidUTF8: true)
                }
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("unescaped control character in a string") }
            pos += 1
        }
        guard pos < text.count else { throw fail("") }
        // With escapes: the runs between them are copied in bulk.
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while true {
            skipPlainBytes()
            while pos < text.count, text[pos] >= 0x20, text[pos] != UInt8(ascii: "\""), text[pos] != UInt8(ascii: "\\") { pos += 1 }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<pos]))
            guard pos < text.count else { throw fail("") }
            let b = text[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                guard let s = scratch.withUnsafeBufferPointer({ String(validatingUTF8Bytes: $0) }) else {
                    throw JSONSyntaxError(offset: start, message: "invalid UTF-8 in a string", truncated: false, invalidUTF8: true)
                }
                return s
            }
            if b < 0x20 { throw fail("unescaped control character in a string") }
            pos += 1
            do {
                try JSONEscape.decode(text, at: &pos, into: &scratch)
            } catch {
                pos = error.truncated ? text.count : error.offset
                throw fail(error.message)
            }
            runStart = pos
        }
    }

    /// Moves `pos` past bytes that are neither a quote, a backslash nor a control character,
    /// eight at a time; stops at (or up to seven bytes before) the first one that is.
    @inline(__always)
    private mutating func skipPlainBytes() {
        guard let base = UnsafeRawPointer(text.baseAddress) else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while pos + 8 <= text.count {
            let word = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            let special =
                ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if special & highs != 0 { break }
            pos += 8
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = pos
        var isInteger = true
        if text[pos] == UInt8(ascii: "-") { pos += 1 }
        func digits(_ p: inout Int, _ t: UnsafeBufferPointer<UInt8>) -> Int {
            let s = p
            while p < t.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(t[p]) { p += 1 }
            return p - s
        }
        guard digits(&pos, text) > 0 else { throw fail("expected digits in a number") }
        if pos < text.count && text[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard digits(&pos, text) > 0 else { throw fail("expected digits after the decimal point") }
        }
        if pos < text.count && (text[pos] == UInt8(ascii: "e") || text[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < text.count && (text[pos] == UInt8(ascii: "+") || text[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard digits(&pos, text) > 0 else { throw fail("expected digits in an exponent") }
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: text[start..<pos]), as: UTF8.self)
        if isInteger, let i = Int(literal) { return .int(i) }
        guard let d = Double(literal) else { throw fail("invalid number") }
        return .double(d)
    }
}

extension JSONValue {
    /// Parses a JSON document (see ``JSONParser``).
    public init(parsing data: some Collection<UInt8>) throws(JSONSyntaxError) {
        let bytes = Array(data)
        self = try JSONParser.parse(bytes)
    }

    /// Parses a JSON document held in a string.
    public init(parsing text: String) throws(JSONSyntaxError) {
        self = try JSONParser.parse(Array(text.utf8))
    }
}
