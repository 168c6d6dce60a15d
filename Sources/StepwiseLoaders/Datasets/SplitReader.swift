import StepwiseCore

/// What a dataset reader yields for each position of a split: a record, or a problem with
/// the record at that position (which the loader fails on or skips, per policy).
public enum LoadedItem {
    case record(SourceRecord)
    /// A record-level problem; its `recordIndex` is always set.
    case bad(LoaderError)

    public var index: Int {
        switch self {
        case .record(let r): return r.index
        case .bad(let e): return e.recordIndex ?? 0
        }
    }
}

/// Reads one split of one dataset in one format, record by record, in source order.
/// Throws only for problems that end reading (a missing file, a corrupt archive).
public protocol SplitReader: AnyObject {
    func next() throws -> LoadedItem?
    /// How far reading is, when the reader can tell (bytes of its files, or records).
    var progress: ReadProgress? { get }
}

extension SplitReader {
    public var progress: ReadProgress? { nil }
}

/// How far a reader is: `done` of `total` units (bytes of its source).
public struct ReadProgress: Sendable, Hashable {
    public var done: Int
    public var total: Int
    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }
}

/// One line of a JSON-lines file: parsed, or the problem with it.
struct JSONLine {
    var line: Int
    var value: Result<JSONValue, LoaderError>
}

/// Reads a JSON-lines file, skipping blank lines (and a byte order mark). A line that is not valid JSON (or not
/// UTF-8, or cut short) is reported as a problem on that line; reading goes on.
struct JSONLinesReader {
    private var lines: LineReader
    var name: SourceName { lines.stream.name }
    var bytesRead: Int { lines.bytesRead }

    init(stream: any ByteStream) {
        lines = LineReader(stream: stream)
    }

    mutating func next() throws -> JSONLine? {
        while true {
            let name = lines.stream.name
            let lineNumber = lines.lineNumber + 1
            let parse = { (whole: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, LoaderError>? in
                // A UTF-8 byte order mark before the first line is not part of the JSON.
                let hasMark = lineNumber == 1 && whole.count >= 3 && whole[0] == 0xEF && whole[1] == 0xBB && whole[2] == 0xBF
                let line = hasMark ? UnsafeBufferPointer(rebasing: whole[3...]) : whole
                if isBlank(line) { return nil }
                do throws(JSONSyntaxError) {
                    return .success(try JSONParser.parse(line))
                } catch {
                    let kind: LoaderError.Kind = error.invalidUTF8 ? .invalidUTF8 : .invalidJSON
                    let message =
                        error.truncated
                        ? "truncated JSON line: it ends inside a value (byte \(error.offset + 1) of \(line.count))"
                        : "\(error.message) (byte \(error.offset + 1) of the line)"
                    return .failure(name.error(kind, line: lineNumber, message))
                }
            }
            let parsed = try lines.withNextLine(parse)
            guard let parsed else { return nil }
            guard let value = parsed else { continue }
            return JSONLine(line: lineNumber, value: value)
        }
    }
}

/// Pulls typed fields out of a parsed record, producing errors that name the record.
package struct FieldAccess {
    var name: SourceName
    var line: Int?
    var index: Int
    var id: String?

    func error(_ kind: LoaderError.Kind, _ message: String) -> LoaderError {
        name.error(kind, line: line, index: index, id: id, message)
    }

    /// The object a JSON line must be.
    func object(_ value: JSONValue) throws(LoaderError) -> [(String, JSONValue)] {
        guard case .object(let pairs) = value else { throw error(.invalidField, "expected a JSON object") }
        return pairs
    }

    /// A required string field (`path` names nested keys, e.g. `question.stem`).
    func string(_ value: JSONValue, _ path: String...) throws(LoaderError) -> String {
        var current = value
        for key in path {
            guard let next = current[key], !next.isNull else {
                throw error(.missingField, "missing field '\(path.joined(separator: "."))'")
            }
            current = next
        }
        guard let s = current.stringValue else {
            throw error(.invalidField, "field '\(path.joined(separator: "."))' is not a string")
        }
        return s
    }

    /// An optional string field: nil when absent or null.
    func optionalString(_ value: JSONValue, _ key: String) throws(LoaderError) -> String? {
        guard let v = value[key], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw error(.invalidField, "field '\(key)' is not a string") }
        return s
    }

    /// A required field of any type.
    func value(_ value: JSONValue, _ key: String) throws(LoaderError) -> JSONValue {
        guard let v = value[key], !v.isNull else { throw error(.missingField, "missing field '\(key)'") }
        return v
    }
}

/// The NLI label word for an integer label 0/1/2 or a label word; nil when neither.
package func nliLabel(_ value: JSONValue) -> String? {
    if let i = value.intValue, nliLabelWords.indices.contains(i) { return nliLabelWords[i] }
    if let s = value.stringValue, nliLabelWords.contains(s) { return s }
    return nil
}

/// The paper's NLI student input: premise, the T5 end-of-sequence text, hypothesis.
package func nliInput(premise: String, hypothesis: String) -> String {
    String(joiningUTF8Of: premise, "</s>", hypothesis)
}

/// The id for sources without one: `<dataset>-<split>-<index>`.
package func positionalID(_ dataset: String, _ split: String, _ index: Int) -> String {
    String(joiningUTF8Of: dataset, "-", split, "-", String(index))
}

extension String {
    /// The strings one after the other, made by copying their UTF-8 bytes into one new
    /// string: one allocation, where a chain of `+` or an interpolation makes several (the
    /// loader builds an input and an id for every record).
    init(joiningUTF8Of first: String, _ second: String, _ third: String, _ fourth: String = "", _ fifth: String = "") {
        var parts = (first, second, third, fourth, fifth)
        let count = parts.0.utf8.count + parts.1.utf8.count + parts.2.utf8.count + parts.3.utf8.count + parts.4.utf8.count
        self.init(unsafeUninitializedCapacity: count) { buffer in
            var at = 0
            func copy(_ part: inout String) {
                part.withUTF8 { bytes in
                    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
                    (buffer.baseAddress! + at).update(from: source, count: bytes.count)
                    at += bytes.count
                }
            }
            copy(&parts.0)
            copy(&parts.1)
            copy(&parts.2)
            copy(&parts.3)
            copy(&parts.4)
            return at
        }
    }
}
