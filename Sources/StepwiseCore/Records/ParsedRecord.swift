/// Whether a parsed record goes on to the shards.
public enum ParseStatus: String, Sendable, Hashable, Codable {
    case kept
    case filtered
}

/// A record with the rationale and label parsed out of the teacher's completion.
///
/// Filtered records keep whatever the parser produced (blank as `""`) and the reason,
/// so `--until parse` and `rejects.jsonl` show why they were dropped.
public struct ParsedRecord: Sendable, Hashable {
    public var teacher: TeacherRecord
    public var rationale: String
    /// The teacher's label, normalised into the dataset's label space when possible.
    public var teacherLabel: String
    public var status: ParseStatus
    /// The filter reason (`no_answer_phrase`, `label_outside_space`, …) when filtered.
    public var reason: String?
    /// Whether the teacher label equals the gold label (by value for equations);
    /// `nil` when the label could not be parsed.
    public var teacherCorrect: Bool?

    public init(
        teacher: TeacherRecord, rationale: String, teacherLabel: String, status: ParseStatus,
        reason: String? = nil, teacherCorrect: Bool? = nil
    ) {
        self.teacher = teacher
        self.rationale = rationale
        self.teacherLabel = teacherLabel
        self.status = status
        self.reason = reason
        self.teacherCorrect = teacherCorrect
    }

    @inlinable public var source: SourceRecord { teacher.source }

    /// How the teacher's label compares with gold: `nil` without a completion (the teacher
    /// failed, or was not asked), `unparsed` when no label in the space was found.
    public var teacherVerdict: TeacherVerdict? {
        guard teacher.completion != nil else { return nil }
        return teacherCorrect.map { $0 ? .correct : .wrong } ?? .unparsed
    }
}

/// How a teacher label compares with the gold label, for teacher accuracy (the paper's
/// "LLM accuracy": a label that could not be parsed counts as wrong).
public enum TeacherVerdict: String, Sendable, Hashable, Codable {
    case correct
    case wrong
    case unparsed
}

extension ParsedRecord: JSONRecord {
    public var sourceIndex: Int? { source.position }
    public var recordID: String { source.id }
    public func jsonFields() -> [(String, JSONValue)] { teacher.jsonFields() + parseFields }
    public func rejectFields() -> [(String, JSONValue)] { teacher.rejectFields() + parseFields }

    private var parseFields: [(String, JSONValue)] {
        [
            ("rationale", .string(rationale)),
            ("teacher_label", .string(teacherLabel)),
            ("status", .string(status.rawValue)),
            ("reason", .optional(reason)),
        ]
    }
}
