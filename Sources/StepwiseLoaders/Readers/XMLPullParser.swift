/// One event of ``XMLPullParser``.
enum XMLEvent: Equatable {
    /// A start tag with its attributes in source order (an empty-element tag gives a
    /// `.start` followed by an `.end`).
    case start(name: String, attributes: [(String, String)], line: Int)
    case end(name: String, line: Int)
    /// Character data between tags, with entities and CDATA sections resolved.
    case text(String)

    static func == (lhs: XMLEvent, rhs: XMLEvent) -> Bool {
        switch (lhs, rhs) {
        case let (.start(a, x, l1), .start(b, y, l2)):
            return a == b && l1 == l2 && x.count == y.count && zip(x, y).allSatisfy { $0 == $1 }
        case let (.end(a, l1), .end(b, l2)): return a == b && l1 == l2
        case let (.text(a), .text(b)): return a == b
        default: return false
        }
    }
}

/// A small streaming XML pull parser: enough XML 1.0 for data files such as ASDiv.xml.
///
/// Handles the XML declaration and processing instructions, comments, a DOCTYPE without
/// an internal subset, CDATA sections, the five predefined entities and numeric character
/// references. Checks that tags nest and close. Anything else is an error naming the
/// line. Reads one chunk at a time; memory is one chunk plus the current text run.
final class XMLPullParser {
    let stream: any ByteStream
    private var buffer: [UInt8]
    private var pos = 0
    private var end = 0
    private var atEOF = false
    private(set) var line = 1
    private var openTags: [(String, Int)] = []
    private var pendingEnd: (String, Int)?
    private var text: [UInt8] = []
    private var sawRoot = false

    init(stream: any ByteStream, chunkSize: Int = 1 << 16) {
        self.stream = stream
        self.buffer = [UInt8](repeating: 0, count: max(16, chunkSize))
    }

    private func fail(_ message: String) -> LoaderError {
        stream.name.error(.invalidXML, line: line, message)
    }

    /// The next event, or nil at the end of a well-formed document.
    func next() throws -> XMLEvent? {
        if let (name, l) = pendingEnd {
            pendingEnd = nil
            return .end(name: name, line: l)
        }
        text.removeAll(keepingCapacity: true)
        while true {
            guard let b = try peek() else {
                if let (open, openLine) = openTags.last {
                    throw fail("truncated XML: <\(open)> opened on line \(openLine) is never closed")
                }
                if !text.isEmpty { return try textEvent() }
                return nil
            }
            if b != UInt8(ascii: "<") {
                pos += 1
                if b == 0x0A { line += 1 }
                if b == UInt8(ascii: "&") { try appendEntity() } else { text.append(b) }
                continue
            }
            // Markup. Character data collected so far is returned first.
            if !text.isEmpty {
                if let event = try textEvent() { return event }
                text.removeAll(keepingCapacity: true)
            }
            pos += 1
            guard let c = try peek() else { throw fail("truncated XML: the document ends inside a tag") }
            switch c {
            case UInt8(ascii: "?"):
                try skip(past: Array("?>".utf8))
            case UInt8(ascii: "!"):
                if try consume(prefix: Array("!--".utf8)) {
                    try skip(past: Array("-->".utf8))
                } else if try consume(prefix: Array("![CDATA[".utf8)) {
                    try collect(until: Array("]]>".utf8))
                } else if try consume(prefix: Array("!DOCTYPE".utf8)) {
                    try skip(past: [UInt8(ascii: ">")])
                } else {
                    throw fail("unsupported markup declaration after '<!'")
                }
            case UInt8(ascii: "/"):
                pos += 1
                let name = try readName()
                try skipSpacesRefilling()
                guard try next8() == UInt8(ascii: ">") else { throw fail("expected '>' to close </\(name)") }
                guard let (open, openLine) = openTags.popLast() else {
                    throw fail("closing tag </\(name)> without an open element")
                }
                guard open == name else {
                    throw fail("closing tag </\(name)> does not match <\(open)> opened on line \(openLine)")
                }
                return .end(name: name, line: line)
            default:
                let tagLine = line
                let name = try readName()
                var attributes: [(String, String)] = []
                while true {
                    try skipSpacesRefilling()
                    guard let d = try peek() else { throw fail("truncated XML: the document ends inside <\(name)>") }
                    if d == UInt8(ascii: ">") {
                        pos += 1
                        break
                    }
                    if d == UInt8(ascii: "/") {
                        pos += 1
                        guard try next8() == UInt8(ascii: ">") else { throw fail("expected '/>' in <\(name)>") }
                        pendingEnd = (name, line)
                        break
                    }
                    let attribute = try readName()
                    try skipSpacesRefilling()
                    guard try next8() == UInt8(ascii: "=") else { throw fail("expected '=' after attribute \(attribute)") }
                    try skipSpacesRefilling()
                    let quote = try next8()
                    guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                        throw fail("attribute \(attribute) of <\(name)> needs a quoted value")
                    }
                    text.removeAll(keepingCapacity: true)
                    while true {
                        guard let v = try next8() else { throw fail("truncated XML: the document ends in an attribute") }
                        if v == quote { break }
                        if v == 0x0A { line += 1 }
                        if v == UInt8(ascii: "<") { throw fail("'<' inside the value of attribute \(attribute)") }
                        if v == UInt8(ascii: "&") { try appendEntity() } else { text.append(v) }
                    }
                    guard let value = String(validating: text, as: UTF8.self) else {
                        throw stream.name.error(.invalidUTF8, line: line, "invalid UTF-8 in attribute \(attribute)")
                    }
                    text.removeAll(keepingCapacity: true)
                    attributes.append((attribute, value))
                }
                if openTags.isEmpty {
                    if sawRoot { throw fail("a second root element <\(name)>") }
                    sawRoot = true
                }
                if pendingEnd == nil { openTags.append((name, tagLine)) }
                return .start(name: name, attributes: attributes, line: tagLine)
            }
        }
    }

    /// Text outside the root may only be whitespace; returns nil for such ignorable text.
    private func textEvent() throws -> XMLEvent? {
        guard let s = String(validating: text, as: UTF8.self) else {
            throw stream.name.error(.invalidUTF8, line: line, "invalid UTF-8 in character data")
        }
        if openTags.isEmpty {
            if s.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return nil }
            throw fail("text outside the root element")
        }
        return .text(s)
    }

    private func appendEntity() throws {
        var name: [UInt8] = []
        while true {
            guard let b = try next8() else { throw fail("truncated XML: the document ends inside an entity") }
            if b == UInt8(ascii: ";") { break }
            name.append(b)
            if name.count > 12 { throw fail("an '&' that does not start an entity (write &amp;)") }
        }
        switch String(decoding: name, as: UTF8.self) {
        case "amp": text.append(UInt8(ascii: "&"))
        case "lt": text.append(UInt8(ascii: "<"))
        case "gt": text.append(UInt8(ascii: ">"))
        case "quot": text.append(UInt8(ascii: "\""))
        case "apos": text.append(UInt8(ascii: "'"))
        case let ref where ref.hasPrefix("#"):
            let digits = ref.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, let scalar = Unicode.Scalar(value) else { throw fail("invalid character reference &\(ref);") }
            text.append(contentsOf: UTF8.encode(scalar)!)
        case let other:
            throw fail("unknown entity &\(other);")
        }
    }

    private func readName() throws -> String {
        var name: [UInt8] = []
        while let b = try peek() {
            let isNameByte =
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
                || b == UInt8(ascii: ":") || b == UInt8(ascii: ".") || b >= 0x80
            guard isNameByte else { break }
            name.append(b)
            pos += 1
        }
        guard !name.isEmpty, let s = String(validating: name, as: UTF8.self) else { throw fail("expected a name") }
        return s
    }

    private func skipSpacesRefilling() throws {
        while let b = try peek(), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
            if b == 0x0A { line += 1 }
            pos += 1
        }
    }

    private func peek() throws -> UInt8? {
        if pos == end {
            if atEOF { return nil }
            let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
            pos = 0
            end = n
            if n == 0 {
                atEOF = true
                return nil
            }
        }
        return buffer[pos]
    }

    private func next8() throws -> UInt8? {
        guard let b = try peek() else { return nil }
        pos += 1
        return b
    }

    /// Consumes `prefix` if the input starts with it. Markup prefixes are short; reading
    /// byte by byte keeps this correct across chunk boundaries.
    private func consume(prefix: [UInt8]) throws -> Bool {
        // Save the position only within the current chunk; refill happens at most at the start.
        guard try peek() != nil else { return false }
        if end - pos < prefix.count {
            // Move the tail to the front and top up so the prefix is visible at once.
            let tail = Array(buffer[pos..<end])
            buffer.replaceSubrange(0..<tail.count, with: tail)
            pos = 0
            end = tail.count
            while end < prefix.count && !atEOF {
                let n = try buffer.withUnsafeMutableBytes { raw in
                    try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
                }
                if n == 0 { atEOF = true } else { end += n }
            }
        }
        guard end - pos >= prefix.count, Array(buffer[pos..<(pos + prefix.count)]) == prefix else { return false }
        pos += prefix.count
        return true
    }

    private func skip(past terminator: [UInt8]) throws {
        var matched = 0
        while let b = try next8() {
            if b == 0x0A { line += 1 }
            matched = b == terminator[matched] ? matched + 1 : (b == terminator[0] ? 1 : 0)
            if matched == terminator.count { return }
        }
        throw fail("truncated XML: the document ends before '\(String(decoding: terminator, as: UTF8.self))'")
    }

    private func collect(until terminator: [UInt8]) throws {
        var matched = 0
        while let b = try next8() {
            if b == 0x0A { line += 1 }
            text.append(b)
            matched = b == terminator[matched] ? matched + 1 : (b == terminator[0] ? 1 : 0)
            if matched == terminator.count {
                text.removeLast(terminator.count)
                return
            }
        }
        throw fail("truncated XML: a CDATA section is never closed")
    }
}
