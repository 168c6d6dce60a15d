import StepwiseCore

/// One record of a task file: its JSON object (or the problem with it), the file it came
/// from and its first line.
package struct Row {
    package var value: Result<[(String, JSONValue)], LoaderError>
    package var name: SourceName
    package var line: Int?
}

/// Reads the records of one file in one ``RowFormat``, in order. A record-level problem is
/// a ``Row`` with a failure (reading goes on); a problem that ends the file (a broken JSON
/// array, an unreadable header) throws.
package protocol RowReader: AnyObject {
    func next() throws -> Row?
}

/// Makes the reader of `format` over `stream`.
func makeRowReader(_ format: RowFormat, stream: any ByteStream) -> any RowReader {
    switch format {
    case .jsonl: return JSONLinesRowReader(stream: stream)
    case .json: return JSONArrayReader(stream: stream)
    case .csv: return DelimitedRowReader(csv: CSVReader(stream: stream))
    case .tsv: return DelimitedRowReader(tsv: LineReader(stream: stream), name: stream.name)
    }
}

/// JSON lines, each an object.
final class JSONLinesRowReader: RowReader {
    private var lines: JSONLinesReader

    init(stream: any ByteStream) {
        lines = JSONLinesReader(stream: stream)
    }

    func next() throws -> Row? {
        guard let line = try lines.next() else { return nil }
        let name = lines.name
        return Row(value: line.value.flatMap { value in
            guard case .object(let pairs) = value else {
                return .failure(name.error(.invalidField, line: line.line, "expected a JSON object, got \(value.kindName)"))
            }
            return .success(pairs)
        }, name: name, line: line.line)
    }
}

/// CSV (RFC 4180) or TSV (no quoting) with a header row: each row an object of strings
/// keyed by the header's names. A UTF-8 byte order mark before the header is ignored.
final class DelimitedRowReader: RowReader {
    private let csv: CSVReader?
    private let tsv: LineReader?
    private let name: SourceName
    private var header: [String]?

    init(csv: CSVReader) {
        self.csv = csv
        self.tsv = nil
        self.name = csv.stream.name
    }

    init(tsv: LineReader, name: SourceName) {
        self.csv = nil
        self.tsv = tsv
        self.name = name
    }

    /// The next row's fields (each `nil` when not UTF-8) and line, or a row-level problem.
    private func nextFields() throws -> Result<(fields: [String?], line: Int), LoaderError>? {
        if let csv {
            guard let result = try csv.next() else { return nil }
            return result.map { record in ((0..<record.count).map { record.string(at: $0) }, record.line) }
        }
        guard let tsv else { return nil }
        while true {
            let fields = try tsv.withNextLine { line -> [String?]? in
                if isBlank(line) { return nil }
                var end = line.count
                if end > 0, line[end - 1] == 0x0D { end -= 1 }
                return UnsafeBufferPointer(rebasing: line[0..<end]).split(separator: 0x09, omittingEmptySubsequences: false)
                    .map { String(validatingUTF8Bytes: UnsafeBufferPointer(rebasing: $0)) }
            }
            guard let fields else { return nil }
            if let fields { return .success((fields, tsv.lineNumber)) }
        }
    }

    func next() throws -> Row? {
        if header == nil {
            guard let first = try nextFields() else { throw name.error(.missingField, line: 1, "empty file: expected a header row") }
            let (fields, line) = try first.get()
            var names: [String] = []
            for (i, field) in fields.enumerated() {
                guard var h = field else { throw name.error(.invalidUTF8, line: line, "invalid UTF-8 in the header") }
                if i == 0, h.hasPrefix("\u{FEFF}") { h.removeFirst() }
                if names.contains(h) { throw name.error(.invalidField, line: line, "the header names column '\(h)' twice") }
                names.append(h)
            }
            header = names
        }
        guard let header, let result = try nextFields() else { return nil }
        switch result {
        case .failure(let error):
            return Row(value: .failure(error), name: name, line: error.line)
        case .success(let (fields, line)):
            guard fields.count == header.count else {
                return Row(
                    value: .failure(name.error(
                        .wrongFieldCount, line: line, "\(fields.count) fields where the header has \(header.count)")),
                    name: name, line: line)
            }
            var pairs: [(String, JSONValue)] = []
            pairs.reserveCapacity(fields.count)
            for (column, field) in zip(header, fields) {
                guard let field else {
                    return Row(value: .failure(name.error(.invalidUTF8, line: line, "column '\(column)' is not valid UTF-8")), name: name, line: line)
                }
                pairs.append((column, .string(field)))
            }
            return Row(value: .success(pairs), name: name, line: line)
        }
    }
}

extension JSONValue {
    /// `an object`, `a string` …, for messages.
    package var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
