import StepwiseCore

/// A problem with a loader's input, naming where it is: the file (and the entry inside an
/// archive), the line, the record's position and id where known, and what is wrong.
///
/// Record-level problems (a malformed CSV row, a truncated JSON line, a missing field, an
/// unknown label, an unmatched CoS-E id) can be skipped with `on_bad_record: skip`; source
/// level problems (a missing file, a corrupt archive, malformed XML) always fail the run.
public struct LoaderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem this is; also written to `rejects.jsonl` as `problem_kind`.
    public enum Kind: String, Sendable, Equatable {
        case invalidOptions = "invalid_options"
        case sourceNotFound = "source_not_found"
        case fileNotFound = "file_not_found"
        case io = "io_error"
        case archive = "archive_error"
        case csvQuoting = "csv_quoting"
        case wrongFieldCount = "wrong_field_count"
        case invalidUTF8 = "invalid_utf8"
        case invalidJSON = "invalid_json"
        case invalidXML = "invalid_xml"
        case missingField = "missing_field"
        case invalidField = "invalid_field"
        case unknownLabel = "unknown_label"
        case unmatchedID = "unmatched_id"
        /// A task's label could not be read: its pattern did not match, or the text is not a
        /// label of the task's kind.
        case labelUnparsed = "label_unparsed"

        /// The reason a skipped record of this kind is counted under (`on_bad_record: skip`).
        public var rejectReason: String { self == .labelUnparsed ? "label_unparsed" : "bad_record" }
    }

    public var kind: Kind
    /// The file read: a plain file's path, or the archive's path for an archive entry.
    public var file: String
    /// The entry inside the archive, when `file` is an archive.
    public var entry: String?
    /// 1-based line (first line of the record for multi-line CSV records).
    public var line: Int?
    /// 0-based position of the record within its split, when it is a record-level problem.
    public var recordIndex: Int?
    /// The record's id, when it could be read.
    public var recordID: String?
    public var message: String

    public init(
        _ kind: Kind, file: String, entry: String? = nil, line: Int? = nil, recordIndex: Int? = nil,
        recordID: String? = nil, message: String
    ) {
        self.kind = kind
        self.file = file
        self.entry = entry
        self.line = line
        self.recordIndex = recordIndex
        self.recordID = recordID
        self.message = message
    }

    /// `FILE:LINE: message (record #i, id 'x')`; an archive entry is named as
    /// `ARCHIVE(ENTRY)`, as `ar` names members.
    public var description: String {
        var place = file
        if let entry { place += "(\(entry))" }
        if let line { place += ":\(line)" }
        var what: [String] = []
        if let recordIndex { what.append("record #\(recordIndex)") }
        if let recordID { what.append("id '\(recordID)'") }
        let suffix = what.isEmpty ? "" : " (" + what.joined(separator: ", ") + ")"
        return "\(place): \(message)\(suffix)"
    }

    /// The error as the JSON object written to `rejects.jsonl` for a skipped record.
    public func jsonValue() -> JSONValue {
        var out: [(String, JSONValue)] = [("file", .string(file))]
        if let entry { out.append(("entry", .string(entry))) }
        if let line { out.append(("line", .int(line))) }
        if let recordIndex { out.append(("index", .int(recordIndex))) }
        if let recordID { out.append(("id", .string(recordID))) }
        out.append(("problem_kind", .string(kind.rawValue)))
        out.append(("problem", .string(message)))
        return .object(out)
    }
}

/// Where bytes come from, for error messages: a file, or an entry inside an archive.
public struct SourceName: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var entry: String?

    public init(file: String, entry: String? = nil) {
        self.file = file
        self.entry = entry
    }

    public var description: String {
        if let entry { return "\(file)(\(entry))" }
        return file
    }

    /// An error located in this file or entry.
    package func error(
        _ kind: LoaderError.Kind, line: Int? = nil, index: Int? = nil, id: String? = nil, _ message: String
    ) -> LoaderError {
        LoaderError(kind, file: file, entry: entry, line: line, recordIndex: index, recordID: id, message: message)
    }
}
