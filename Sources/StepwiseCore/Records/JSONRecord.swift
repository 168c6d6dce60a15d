/// A record that can be written as one JSON line (`--until … --jsonl`, `rejects.jsonl`).
///
/// Each record type of a later stage extends the fields of the record it wraps, so a
/// dump after any stage shows everything known about the record at that point.
public protocol JSONRecord: Sendable {
    /// The stable id used in errors, rejects and resume bookkeeping.
    var recordID: String { get }
    /// The record's fields, in output order.
    func jsonFields() -> [(String, JSONValue)]
    /// The record's position in its source split, if it has one.
    var sourceIndex: Int? { get }
    /// The fields written to `rejects.jsonl`: ``jsonFields()`` without facts about one run
    /// (was it cached, how many requests), which differ between an interrupted-and-resumed
    /// run and a straight one while `rejects.jsonl` must not.
    func rejectFields() -> [(String, JSONValue)]
    /// How the teacher did on this record, where it has been parsed (see ``ParsedRecord``).
    var teacherVerdict: TeacherVerdict? { get }
    /// What the record's teacher answers cost, where a teacher answered it.
    var teacherUsage: TokenUsage? { get }
    /// The record's vote, on the sample that leads it (see ``ParsedRecord/leadsRecord``).
    var teacherVote: VoteSummary? { get }
}

extension JSONRecord {
    public var sourceIndex: Int? { nil }

    public func rejectFields() -> [(String, JSONValue)] { jsonFields() }

    public var teacherVerdict: TeacherVerdict? { nil }

    public var teacherUsage: TokenUsage? { nil }

    public var teacherVote: VoteSummary? { nil }

    /// The record as one line of compact JSON (no trailing newline).
    public func jsonLine() -> String { JSONValue.object(jsonFields()).jsonText() }
}
