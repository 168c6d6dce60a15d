import StepwiseCore

/// Reads a file holding one JSON array of objects element by element: memory is one
/// chunk plus one element, whatever the size of the array.
///
/// Each element's bytes are found by scanning (strings and nesting tracked) and then
/// parsed on their own, so an element that is not valid JSON — or not an object — is a
/// problem of that record and reading goes on. What breaks the array itself (no `[`,
/// a missing `,` between elements, the file ending inside it, text after the `]`) ends
/// the file with an error naming the line. A UTF-8 byte order mark is ignored.
final class JSONArrayReader: RowReader {
    private let stream: any ByteStream
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var pos = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private var state = State.start
    private let maxElementBytes: Int

    private enum State { case start, firstElement, afterElement, done }

    init(stream: any ByteStream, maxElementBytes: Int = 256 << 20) {
        self.stream = stream
        self.maxElementBytes = maxElementBytes
    }

    private var name: SourceName { stream.name }

    func next() throws -> Row? {
        switch state {
        case .done:
            return nil
        case .start:
            try skipByteOrderMark()
            guard let b = try skipWhitespace() else { throw name.error(.invalidJSON, line: line, "empty file: expected a JSON array") }
            guard b == UInt8(ascii: "[") else {
                throw name.error(.invalidJSON, line: line, "expected a JSON array of objects, found '\(Character(Unicode.Scalar(b)))'")
            }
            pos += 1
            state = .firstElement
            return try next()
        case .firstElement:
            guard let b = try skipWhitespace() else { throw unexpectedEnd() }
            if b == UInt8(ascii: "]") {
                pos += 1
                try finish()
                return nil
            }
            return try element()
        case .afterElement:
            guard let b = try skipWhitespace() else { throw unexpectedEnd() }
            pos += 1
            if b == UInt8(ascii: "]") {
                try finish()
                return nil
            }
            guard b == UInt8(ascii: ",") else {
                throw name.error(.invalidJSON, line: line, "expected ',' or ']' after an element of the array, found '\(Character(Unicode.Scalar(b)))'")
            }
            guard try skipWhitespace() != nil else { throw unexpectedEnd() }
            return try element()
        }
    }

    private func unexpectedEnd() -> LoaderError {
        name.error(.invalidJSON, line: line, "the file ends inside the JSON array (truncated?)")
    }

    /// After the closing `]`: only whitespace may follow.
    private func finish() throws {
        state = .done
        if let b = try skipWhitespace() {
            throw name.error(.invalidJSON, line: line, "text after the end of the JSON array ('\(Character(Unicode.Scalar(b)))')")
        }
    }

    /// Scans one element from `pos` and parses it.
    private func element() throws -> Row {
        let startLine = line
        var bytes: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        scan: while true {
            if pos == end { guard try fill() else { break scan } }
            let b = buffer[pos]
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { break scan }
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 { break scan }
                case 0x20, 0x09, 0x0D, 0x0A:
                    if depth == 0 { break scan }
                default: break
                }
            }
            if b == 0x0A { line += 1 }
            bytes.append(b)
            pos += 1
            if bytes.count > maxElementBytes {
                throw name.error(.invalidJSON, line: startLine, "an element of the array is longer than \(maxElementBytes) bytes")
            }
            if depth == 0 && !inString && (b == UInt8(ascii: "}") || b == UInt8(ascii: "]")) { break scan }
        }
        if inString || depth > 0 { throw unexpectedEnd() }
        state = .afterElement
        do throws(JSONSyntaxError) {
            let value = try JSONParser.parse(bytes)
            guard case .object(let pairs) = value else {
                return Row(value: .failure(name.error(.invalidField, line: startLine, "expected a JSON object, got \(value.kindName)")), name: name, line: startLine)
            }
            return Row(value: .success(pairs), name: name, line: startLine)
        } catch {
            let kind: LoaderError.Kind = error.invalidUTF8 ? .invalidUTF8 : .invalidJSON
            let errorLine = startLine + bytes.prefix(error.offset).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            return Row(value: .failure(name.error(kind, line: errorLine, error.message)), name: name, line: startLine)
        }
    }

    /// Skips a UTF-8 byte order mark at the start (reading until three bytes are in, so a
    /// mark split across reads is still found).
    private func skipByteOrderMark() throws {
        while end < 3, !atEOF {
            let n = try buffer.withUnsafeMutableBytes { raw in
                try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
            }
            if n == 0 { atEOF = true }
            end += n
        }
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { pos = 3 }
    }

    /// Skips whitespace; the next byte (not consumed), or `nil` at the end.
    private func skipWhitespace() throws -> UInt8? {
        while true {
            if pos == end { guard try fill() else { return nil } }
            let b = buffer[pos]
            guard b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A else { return b }
            if b == 0x0A { line += 1 }
            pos += 1
        }
    }

    private func fill() throws -> Bool {
        if atEOF { return false }
        let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
        pos = 0
        end = n
        if n == 0 { atEOF = true }
        return n > 0
    }
}
