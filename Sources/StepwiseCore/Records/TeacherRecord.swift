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
    /// Samples 1…k-1 when `teacher.samples` is k > 1 (sample 0 is `completion`).
    public var moreSamples: [SampleAnswer]
    /// The tokens all of this record's samples cost (cached ones included: what the
    /// server reported when they were asked for); `nil` for teachers without usage.
    public var usage: TokenUsage?

    public init(
        prompted: PromptedRecord, completion: String?, cached: Bool, attempts: Int,
        failure: String? = nil, finishReason: String? = nil, moreSamples: [SampleAnswer] = [], usage: TokenUsage? = nil
    ) {
        self.prompted = prompted
        self.completion = completion
        self.cached = cached
        self.attempts = attempts
        self.failure = failure
        self.finishReason = finishReason
        self.moreSamples = moreSamples
        self.usage = usage
    }

    /// Every sample's answer, sample 0 first.
    public var samples: [SampleAnswer] {
        [SampleAnswer(completion: completion, finishReason: finishReason, failure: failure)] + moreSamples
    }

    /// The sample whose index is `sample`, as a record of its own (one sample, no usage).
    public func single(sample: Int) -> TeacherRecord {
        let answer = samples[sample]
        return TeacherRecord(
            prompted: prompted, completion: answer.completion, cached: cached, attempts: attempts, failure: answer.failure,
            finishReason: answer.finishReason)
    }

    @inlinable public var source: SourceRecord { prompted.source }
}

extension TeacherRecord: JSONRecord {
    public var sourceIndex: Int? { prompted.source.position }
    public var recordID: String { prompted.source.id }
    public var teacherUsage: TokenUsage? { usage }
    public func jsonFields() -> [(String, JSONValue)] { fields(runFacts: true) }
    public func rejectFields() -> [(String, JSONValue)] { fields(runFacts: false) }

    /// The record's fields; `runFacts` adds `cached` and `attempts`, which describe this
    /// run rather than the record.
    func fields(runFacts: Bool) -> [(String, JSONValue)] {
        var out = prompted.jsonFields() + [("completion", .optional(completion))]
        if runFacts { out += [("cached", .bool(cached)), ("attempts", .int(attempts))] }
        if let failure { out.append(("failure", .string(failure))) }
        if let finishReason { out.append(("finish_reason", .string(finishReason))) }
        if !moreSamples.isEmpty { out.append(("more_samples", .array(moreSamples.map(\.json)))) }
        return out
    }
}

/// One sample's answer from the teacher.
public struct SampleAnswer: Sendable, Hashable {
    public var completion: String?
    public var finishReason: String?
    /// Why there is no completion.
    public var failure: String?

    public init(completion: String?, finishReason: String? = nil, failure: String? = nil) {
        self.completion = completion
        self.finishReason = finishReason
        self.failure = failure
    }

    var json: JSONValue {
        var fields: [(String, JSONValue)] = [("completion", .optional(completion))]
        if let failure { fields.append(("failure", .string(failure))) }
        if let finishReason { fields.append(("finish_reason", .string(finishReason))) }
        return .object(fields)
    }
}
