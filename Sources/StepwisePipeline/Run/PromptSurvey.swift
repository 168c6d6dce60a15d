import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseTeacher

/// Walks a pipeline's input through loading and prompt assembly only — nothing is sent —
/// and tells what a run would ask the teacher: `stepwise plan` and
/// `stepwise teacher export-batch` are the stage graph with these sinks.
public struct PromptSurvey: Sendable {
    public let runner: PipelineRunner

    public init(runner: PipelineRunner) { self.runner = runner }

    /// Per split: what a run would send.
    public struct SplitPlan: Sendable {
        public var split: String
        public var records = 0
        /// Whether this split's records go to the teacher (`teacher.splits`).
        public var asked = true
        /// Records whose prompt the cache (or the recordings) already answers.
        public var cacheHits = 0
        /// Distinct prompts that would be sent.
        public var promptsToSend = 0
        /// Estimated prompt tokens of the prompts to send: their UTF-8 bytes at the tokens per
        /// byte the server counted for the cached prompts, else bytes / 4.
        public var promptTokens = 0
        /// Mean completion tokens of the cached completions (as the server counted them,
        /// else bytes / 4), if any.
        public var cachedCompletionTokens = 0
        /// Whether the token figures come from counts the server reported (an earlier run).
        public var measured = false
    }

    /// The plan: one entry per split, in pipeline order.
    public func plan() async throws -> [SplitPlan] {
        let config = runner.config
        let graph = try StageGraph(config: config, options: runner.options, outputDirectory: runner.outputDirectory, stop: .prompt)
        let openAI = config.teacher.backend(OpenAITeacherOptions.self)
        let cacheURL = config.teacher.cacheURL(
            output: runner.outputDirectory, rank: runner.options.rank, worldSize: runner.options.worldSize)
        let cache = openAI != nil && FileManager.default.fileExists(atPath: cacheURL.path) ? try CompletionCache(path: cacheURL) : nil
        var plans: [SplitPlan] = []
        for split in config.dataset.splits {
            let sink = PlanSink(
                state: PlanState(split: split, asked: config.teacher.asks(split: split)), options: openAI, cache: cache,
                answeredWithoutRequests: openAI == nil && config.teacher.kind == ReplayTeacherOptions.kind)
            try await graph.run(split: split, into: sink, monitor: RunMonitor())
            plans.append(sink.state.result())
        }
        return plans
    }

    /// Writes the prompts a run would still send as an OpenAI Batch API input file.
    public func exportBatch(to output: URL) async throws -> BatchRequestWriter.Summary {
        let config = runner.config
        guard let openAI = config.teacher.backend(OpenAITeacherOptions.self) else {
            throw PipelineError.invalidOption("export-batch needs an openai teacher (this pipeline's teacher is \(config.teacher.kind))")
        }
        let graph = try StageGraph(config: config, options: runner.options, outputDirectory: runner.outputDirectory, stop: .prompt)
        let cacheURL = config.teacher.cacheURL(
            output: runner.outputDirectory, rank: runner.options.rank, worldSize: runner.options.worldSize)
        let cache = FileManager.default.fileExists(atPath: cacheURL.path) ? try CompletionCache(path: cacheURL) : nil
        let writer = try BatchRequestWriter(options: openAI, cache: cache, output: output, samples: config.teacher.voting.samples)
        for split in config.dataset.splits where config.teacher.asks(split: split) {
            try await graph.run(split: split, into: BatchExportSink(writer: writer), monitor: RunMonitor())
        }
        return try writer.finish()
    }
}

/// Counts what a split would send.
struct PlanSink: GraphSink {
    let state: PlanState
    let options: OpenAITeacherOptions?
    let cache: CompletionCache?
    /// A replay teacher: every record is answered by a recording.
    let answeredWithoutRequests: Bool

    var stop: StopStage? { .prompt }
    var needsPrompts: Bool { true }

    func take(prompted: Flow<PromptedRecord>) async throws {
        try await prompted.drain { batch in
            try state.add(batch, options: options, cache: cache, replay: answeredWithoutRequests)
        }
    }

    func take(unasked: Flow<SourceRecord>, split: String) async throws {
        try await unasked.drain { batch in state.add(records: batch.count) }
    }
}

/// Writes a split's pending prompts to a Batch API file.
struct BatchExportSink: GraphSink {
    let writer: BatchRequestWriter
    var stop: StopStage? { .prompt }
    var needsPrompts: Bool { true }

    func take(prompted: Flow<PromptedRecord>) async throws {
        try await prompted.drain { batch in try writer.write(batch) }
    }
}

/// Counts for one split while the survey runs.
final class PlanState: @unchecked Sendable {
    private let lock = NSLock()
    private var plan: PromptSurvey.SplitPlan
    private var seen = Set<CacheKey>()
    private var completionBytes = 0
    /// Server-counted usage of cached completions, with their prompts' bytes.
    private var measured = TokenUsage()
    private var measuredPromptBytes = 0
    /// Bytes of the prompts to send.
    private var bytesToSend = 0

    init(split: String, asked: Bool) {
        plan = PromptSurvey.SplitPlan(split: split)
        plan.asked = asked
    }

    func add(records: Int) {
        lock.withLock { plan.records += records }
    }

    func add(_ batch: [PromptedRecord], options: OpenAITeacherOptions?, cache: CompletionCache?, replay: Bool) throws {
        guard let options else {
            // Replay and human teachers send nothing.
            lock.withLock {
                plan.records += batch.count
                if replay { plan.cacheHits += batch.count }
            }
            return
        }
        let keys = batch.map { CacheKey(prompt: $0.prompt, options: options) }
        let hits = try cache?.lookup(keys) ?? [:]
        lock.withLock {
            plan.records += batch.count
            for (record, key) in zip(batch, keys) {
                if let hit = hits[key] {
                    plan.cacheHits += 1
                    completionBytes += hit.completion.utf8.count
                    if let usage = hit.usage, usage.estimatedCompletions == 0 {
                        measured += usage
                        measuredPromptBytes += Self.bytes(record.prompt)
                    }
                } else if seen.insert(key).inserted {
                    plan.promptsToSend += 1
                    plan.promptTokens += Self.estimatedTokens(record.prompt)
                    bytesToSend += Self.bytes(record.prompt)
                }
            }
        }
    }

    func result() -> PromptSurvey.SplitPlan {
        lock.withLock {
            var p = plan
            p.cachedCompletionTokens = p.cacheHits > 0 ? completionBytes / 4 / p.cacheHits : 0
            if measured.completions > 0, measuredPromptBytes > 0 {
                p.measured = true
                p.cachedCompletionTokens = measured.completionTokens / measured.completions
                let tokensPerByte = Double(measured.promptTokens) / Double(measuredPromptBytes)
                p.promptTokens = Int((Double(bytesToSend) * tokensPerByte).rounded())
            }
            return p
        }
    }

    static func bytes(_ prompt: Prompt) -> Int {
        switch prompt {
        case .text(let s): return s.utf8.count
        case .chat(let messages): return messages.reduce(0) { $0 + $1.content.utf8.count }
        }
    }

    /// About four bytes of English per token, as OpenAI's tokenizer guidance says.
    static func estimatedTokens(_ prompt: Prompt) -> Int {
        switch prompt {
        case .text(let s): return (s.utf8.count + 3) / 4
        case .chat(let messages): return messages.reduce(0) { $0 + ($1.content.utf8.count + 3) / 4 + 4 }
        }
    }
}
