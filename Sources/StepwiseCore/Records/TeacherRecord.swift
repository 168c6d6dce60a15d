/// A record with the teacher's answer.
///
/// `completion` is `nil` only when the teacher failed for this record after its retries
/// (`failure` says why); such a record is filtered as `teacher_failed` and asked again
/// on the next run — it is never written as an empty completion.
public struct TeacherRecord: Sendable, Hashable {
    public var prompted: PromptedRecord
    public var completion: String?
    /// Whether the completion came from the cache (or a recording) rather than a request.
    public var cached: Bool
    /// Requests made for this record in this run (0 for a cache hit).
    public var attempts: Int
    /// Why the teacher gave no completion.
    public var failure: String?
    /// The server's `finish_reason`, where it gave one.
    public var finishReason: String?

    public init(
        prompted: PromptedRecord, completion: String?, cached: Bool, attempts: Int,
        failure: String? = nil, finishReason: String? = nil
    ) {
        self.prompted = prompted
        self.completion = completion
        self.cached = cached
        self.attempts = attempts
        self.failure = failure
        self.finishReason = finishReason
    }

    @inlinable public var source: SourceRecord { prompted.source }
}

extension TeacherRecord: JSONRecord {
    public var sourceIndex: Int? { prompted.source.position }
    public var recordID: String { prompted.source.id }
    public func jsonFields() -> [(String, JSONValue)] { fields(runFacts: true) }
    public func rejectFields() -> [(String, JSONValue)] { fields(runFacts: false) }

    /// The record's fields; `runFacts` adds `cached` and `attempts`, which describe this
    /// run rather than the record.
    func fields(runFacts: Bool) -> [(String, JSONValue)] {
        var out = prompted.jsonFields() + [("completion", .optional(completion))]
        if runFacts { out += [("cached", .bool(cached)), ("attempts", .int(attempts))] }
        if let failure { out.append(("failure", .string(failure))) }
        if let finishReason { out.append(("finish_reason", .string(finishReason))) }
        return out
    }
}
