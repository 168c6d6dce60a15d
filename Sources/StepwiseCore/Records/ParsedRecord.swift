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
    /// Which of the record's samples this is (0 without `teacher.samples`).
    public var sample: Int
    /// The record's vote, when its samples were voted on.
    public var vote: VoteSummary?
    /// Whether this sample stands for its record in the run's figures (teacher accuracy,
    /// token usage): sample 0 does; the others would count the record again.
    public var leadsRecord: Bool
    /// The record's verdict after a vote (the voted label against gold), on the lead sample.
    public var voteCorrect: Bool?

    public init(
        teacher: TeacherRecord, rationale: String, teacherLabel: String, status: ParseStatus,
        reason: String? = nil, teacherCorrect: Bool? = nil, sample: Int = 0, vote: VoteSummary? = nil,
        leadsRecord: Bool = true, voteCorrect: Bool? = nil
    ) {
        self.teacher = teacher
        self.rationale = rationale
        self.teacherLabel = teacherLabel
        self.status = status
        self.reason = reason
        self.teacherCorrect = teacherCorrect
        self.sample = sample
        self.vote = vote
        self.leadsRecord = leadsRecord
        self.voteCorrect = voteCorrect
    }

    @inlinable public var source: SourceRecord { teacher.source }

    /// How the teacher's label compares with gold: `nil` without a completion (the teacher
    /// failed, or was not asked), `unparsed` when no label in the space was found.
    /// After a vote, the voted label's verdict, on the lead sample only.
    public var teacherVerdict: TeacherVerdict? {
        guard leadsRecord, teacher.completion != nil else { return nil }
        let correct = vote != nil ? voteCorrect : teacherCorrect
        return correct.map { $0 ? .correct : .wrong } ?? .unparsed
    }

    /// The tokens the record's teacher answers cost, on the lead sample only.
    public var teacherUsage: TokenUsage? { leadsRecord ? teacher.usage : nil }

    public var teacherVote: VoteSummary? { leadsRecord ? vote : nil }

    /// The shards' `metadata` column: `{"sample", "vote", "votes", "samples", "runner_up"}`
    /// after a vote, `{}` otherwise.
    public var metadataJSON: String {
        guard let vote, case .object(let fields) = vote.json else { return "{}" }
        return JSONValue.object([("sample", .int(sample))] + fields).jsonText()
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
        var fields: [(String, JSONValue)] = [
            ("rationale", .string(rationale)),
            ("teacher_label", .string(teacherLabel)),
            ("status", .string(status.rawValue)),
            ("reason", .optional(reason)),
        ]
        if vote != nil || sample > 0 { fields.append(("sample", .int(sample))) }
        if let vote { fields.append(("vote", vote.json)) }
        return fields
    }
}
