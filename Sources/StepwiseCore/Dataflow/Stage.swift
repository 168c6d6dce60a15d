/// One step of a pipeline: turns a batch of `Input` records into a batch of `Output`.
///
/// A stage sees whole batches (never single records) so per-call overhead is amortised.
/// It may emit fewer records than it received: every record it does not pass on must be
/// dropped through ``BatchContext/drop(_:reason:detail:)`` so that it is counted under a
/// named reason and written to `rejects.jsonl` — a stage never loses a record silently.
///
/// `process` may be called concurrently from several workers (see ``Flow/then(_:workers:)``);
/// the runner restores input order afterwards, so a stage need not care about ordering.
public protocol Stage<Input, Output>: Sendable {
    associatedtype Input: Sendable
    associatedtype Output: Sendable

    /// A short, stable name (`load`, `prompt`, `teacher`, `parse`, `tokenize`, `write`)
    /// used in progress lines, errors and the run's stats.
    var name: String { get }

    /// Processes one batch. Throwing fails the run; the error should name the record.
    func process(_ batch: [Input], context: inout BatchContext) async throws -> [Output]
}

/// A record that a stage decided not to pass on, with the reason.
public struct Rejection: Sendable, Hashable {
    public var stage: String
    public var recordID: String
    /// The record's position in its source split (``SourceRecord/index``), which orders
    /// rejections in `rejects.jsonl` and ties them to the resume point; `nil` if unknown.
    public var sourceIndex: Int?
    public var reason: String
    /// The record as JSON, plus any detail the stage added (e.g. the error message).
    public var record: JSONValue
    /// How the teacher did on the record, when it was dropped after parsing (it still
    /// counts towards teacher accuracy).
    public var teacherVerdict: TeacherVerdict?
    /// What the record's teacher answers cost, when it was dropped after the teacher.
    public var teacherUsage: TokenUsage?
    /// The record's vote, when its samples were voted on.
    public var teacherVote: VoteSummary?

    public init(
        stage: String, recordID: String, sourceIndex: Int? = nil, reason: String, record: JSONValue,
        teacherVerdict: TeacherVerdict? = nil, teacherUsage: TokenUsage? = nil, teacherVote: VoteSummary? = nil
    ) {
        self.stage = stage
        self.recordID = recordID
        self.sourceIndex = sourceIndex ?? record["index"]?.intValue
        self.reason = reason
        self.record = record
        self.teacherVerdict = teacherVerdict
        self.teacherUsage = teacherUsage
        self.teacherVote = teacherVote
    }

    /// The line written to `rejects.jsonl`: `stage`, `reason`, then the record's fields
    /// (a record's own `reason` field, which says the same, is not repeated).
    public func jsonLine() -> String {
        var fields: [(String, JSONValue)] = [("stage", .string(stage)), ("reason", .string(reason))]
        if case .object(let pairs) = record {
            fields += pairs.filter { $0.0 != "stage" && $0.0 != "reason" }
        } else {
            fields.append(("record", record))
        }
        return JSONValue.object(fields).jsonText()
    }
}

/// Per-batch scratch space handed to ``Stage/process(_:context:)``.
///
/// Drops and counter increments are collected here and applied by the runner in input
/// order, which keeps `rejects.jsonl` deterministic whatever the parallelism.
public struct BatchContext: Sendable {
    public let stage: String
    /// The stage's shared counters, for gauges such as requests in flight.
    public let counters: StageCounters
    public private(set) var rejections: [Rejection] = []
    public private(set) var extraCounts: [String: Int] = [:]

    public init(stage: String, counters: StageCounters) {
        self.stage = stage
        self.counters = counters
    }

    /// Drops `record`, counting it under `reason` and recording it for `rejects.jsonl`.
    public mutating func drop(_ record: some JSONRecord, reason: String, detail: [(String, JSONValue)] = []) {
        rejections.append(
            Rejection(
                stage: stage, recordID: record.recordID, sourceIndex: record.sourceIndex, reason: reason,
                record: .object(record.rejectFields() + detail), teacherVerdict: record.teacherVerdict,
                teacherUsage: record.teacherUsage, teacherVote: record.teacherVote))
    }

    /// Drops a record known only by id and raw JSON (e.g. a source line that failed to parse).
    public mutating func drop(id: String, sourceIndex: Int? = nil, reason: String, record: JSONValue) {
        rejections.append(Rejection(stage: stage, recordID: id, sourceIndex: sourceIndex, reason: reason, record: record))
    }

    /// Adds to a named counter of this stage (e.g. `cache_hits`), applied in order.
    public mutating func count(_ name: String, _ amount: Int = 1) {
        extraCounts[name, default: 0] += amount
    }
}
