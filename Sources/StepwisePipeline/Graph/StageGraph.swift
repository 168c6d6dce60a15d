import Foundation
import Logging
import StepwiseConfig
import StepwiseCore
import StepwiseDatasets
import StepwiseLoaders
import StepwisePrompting
import StepwiseRationales
import StepwiseShards
import StepwiseTeacher
import StepwiseTokenizer

/// The stages of a run, built from the pipeline file, and the one place where a split's
/// chain is spelled out:
///
/// ```
/// load ─▶ prompt ─▶ teacher ─▶ parse ─▶ [dedup] ─▶ tokenize
///   └──── (splits the teacher is not asked about) ─▶ parse (gold label) ─▶ tokenize
/// ```
///
/// `run`, `run --until`, `plan` and `teacher export-batch` build the same graph and differ
/// only in the ``GraphSink`` they attach: it says after which stage it takes the flow.
/// Stage instances that hold state across splits (the teacher's client, cache and request
/// coalescer) are made once per graph.
final class StageGraph: Sendable {
    let config: PipelineConfig
    let options: RunOptions
    let outputDirectory: URL
    /// The tokenizer, loaded only by graphs that parse or tokenize.
    let tokenizer: SentencePieceTokenizer?
    private let teacherStage: TeacherStage?
    private let promptStage: PromptStage?

    /// Builds the stages a sink stopping after `stop` needs (`nil`: the whole chain);
    /// `tokenizer` when the caller has loaded it already.
    init(
        config: PipelineConfig, options: RunOptions, outputDirectory: URL, stop: StopStage?,
        tokenizer loaded: SentencePieceTokenizer? = nil, teacherSpentBefore: Double = 0
    ) throws {
        self.config = config
        self.options = options
        self.outputDirectory = outputDirectory
        let needsTokenizer = stop == nil || stop == .parse || stop == .tokenize
        tokenizer = needsTokenizer ? try loaded ?? SentencePieceTokenizer(contentsOf: config.tokenizer.path.url) : nil
        let descriptor = config.dataset.descriptor
        promptStage = try config.prompt.exemplars.map { _ in
            try PromptStage(
                datasets: descriptor.exemplarDatasets, options: config.prompt,
                variables: { descriptor.promptVariables($0) })
        }
        let needsTeacher = stop == nil || stop == .teacher || stop == .parse || stop == .tokenize
        let context = Self.teacherContext(config, outputDirectory, options: options, spentBefore: teacherSpentBefore)
        teacherStage = needsTeacher ? try TeacherStage(options: config.teacher, context: context) : nil
    }

    static func teacherContext(
        _ config: PipelineConfig, _ outputDirectory: URL, options: RunOptions, spentBefore: Double = 0
    ) -> TeacherContext {
        let descriptor = config.dataset.descriptor
        let logger = options.logger
        return TeacherContext(
            cacheURL: config.teacher.cacheURL(output: outputDirectory, rank: options.rank, worldSize: options.worldSize), outputDirectory: outputDirectory,
            dataset: descriptor.name, humanAnswer: { descriptor.humanAnswer($0) },
            detail: { [logger] message in logger.debug("\(message)") }, samples: config.teacher.voting.samples,
            spentBefore: spentBefore)
    }

    /// Workers of the CPU-bound stages: `--workers`, else `run.workers`, else the cores.
    var workers: Int { max(1, options.workers ?? config.run.workers ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs one split into `sink`.
    /// - Parameters:
    ///   - skipThrough: records at stream positions up to this one are left out (resume).
    ///   - remembering: input keys the duplicate filter starts with (resume).
    func run(
        split: String, into sink: some GraphSink, monitor: RunMonitor, skipThrough: Int = -1,
        remembering: [DuplicateInputStage.InputKey] = []
    ) async throws {
        let loaders = try config.dataset.loaders(
            split: split, rank: options.rank, worldSize: options.worldSize, batchSize: config.run.batchSize)
        let source = SplitSource(loaders: loaders, skipThrough: skipThrough, limit: options.limit)
        let loaded = Flow(source: source, monitor: monitor, channelCapacity: config.run.channelCapacity)
        if sink.stop == .load { return try await sink.take(loaded: loaded) }

        guard config.teacher.asks(split: split) else {
            if sink.stop == .prompt || sink.stop == .teacher { return try await sink.take(unasked: loaded, split: split) }
            let parsed = loaded.then(UnaskedSplitStage())
            if sink.stop == .parse { return try await sink.take(parsed: parsed) }
            return try await sink.take(tokenized: try tokenized(parsed))
        }

        // Prompts are rendered for a teacher that reads them, or a sink that shows them.
        let prompted = sink.needsPrompts || config.teacher.backend.sendsPrompt
            ? try self.prompted(loaded) : loaded.then(NoPromptStage())
        if sink.stop == .prompt { return try await sink.take(prompted: prompted) }

        guard let teacherStage else { throw PipelineError.invalidOption("internal: no teacher stage in this graph") }
        let answered = prompted.then(teacherStage, workers: config.teacher.backend.workers(parallelism: workers, recordsPerBatch: config.run.batchSize))
        if sink.stop == .teacher { return try await sink.take(answered: answered) }

        var parsed = answered.then(try parseStage(), workers: workers)
        if config.parse.dropDuplicateInputs {
            // In input order, one batch at a time: the first occurrence is the one kept.
            parsed = parsed.then(DuplicateInputStage(remembering: remembering), workers: 1)
        }
        if sink.stop == .parse { return try await sink.take(parsed: parsed) }
        try await sink.take(tokenized: try tokenized(parsed))
    }

    /// The settings every stage of this graph was built with, read back from the stages
    /// themselves (loaders, renderer, teacher backend, parser, tokenizer, shard writer) and
    /// the flow: a pipeline key that changes nothing here reaches no stage.
    func settings() throws -> JSONValue {
        var splits: [JSONValue] = []
        for split in config.dataset.splits {
            let loaders = try config.dataset.loaders(
                split: split, rank: options.rank, worldSize: options.worldSize, batchSize: config.run.batchSize)
            splits.append(.object([
                ("split", .string(split)), ("asked", .bool(config.teacher.asks(split: split))),
                ("loaders", .array(loaders.map(\.settings))),
            ]))
        }
        let vocabulary = tokenizer?.vocabularySize ?? 0
        let schema = try? ShardSchema.stepwise(
            tokenDType: config.output.tokenDType, textColumns: config.output.textColumns, vocabularySize: vocabulary,
            metadata: config.teacher.voting.samples > 1)
        let writer = config.output.writerOptions
        return .object([
            ("splits", .array(splits)),
            ("limit", options.limit.map(JSONValue.int) ?? .null),
            ("prompt", promptStage?.renderer.settings ?? .null),
            ("teacher", teacherStage?.settings ?? .null),
            ("teacher_workers", .int(config.teacher.backend.workers(parallelism: workers, recordsPerBatch: config.run.batchSize))),
            ("teacher_reads_prompts", .bool(config.teacher.backend.sendsPrompt)),
            ("parse", try parseStage().settings),
            ("dedup", .bool(config.parse.dropDuplicateInputs)),
            ("tokenize", try tokenizeStage().settings),
            ("output", .object([
                ("directory", .string(outputDirectory.path)), ("columns", .array((schema?.names ?? []).map(JSONValue.string))),
                ("encodings", .array((schema?.encodings ?? []).map { .string($0.rawValue) })),
                ("compression", .optional(writer.compression.indexName)), ("size_limit", writer.sizeLimit.map(JSONValue.int) ?? .null),
                ("hashes", .array(writer.hashes.map { .string($0.rawValue) })),
                ("formats", .array(config.output.formats.map { .string($0.rawValue) })),
                ("parquet_compression", config.output.writesParquet ? .string(config.output.parquetOptions.compression.description) : .null),
                ("card_license", .optional(config.output.license)),
            ])),
            ("flow", .object([
                ("batch_size", .int(config.run.batchSize)), ("channel_capacity", .int(config.run.channelCapacity)),
                ("workers", .int(workers)),
            ])),
        ])
    }

    private func prompted(_ loaded: Flow<SourceRecord>) throws -> Flow<PromptedRecord> {
        guard let promptStage else { return loaded.then(NoPromptStage()) }
        return loaded.then(promptStage, workers: workers)
    }

    private func parseStage() throws -> ParseStage {
        let count: @Sendable (String) -> Int
        if let tokenizer {
            let sessions = EncodingSessionPool()
            count = { text in sessions.withSession { tokenizer.encode(text, addEOS: true, maxLength: nil, session: $0).count } }
        } else {
            count = { _ in 0 }
        }
        return ParseStage(
            rules: config.dataset.descriptor.answerRules(parse: config.parse, exemplars: promptStage?.renderer.exemplars),
            options: config.parse,
            maxRationaleTokens: config.tokenizer.maxTargetTokens, rationaleSource: config.teacher.backend.rationaleSource,
            voting: config.teacher.voting, rationaleTokenCount: count)
    }

    private func tokenizeStage() throws -> TokenizeStage {
        guard let tokenizer else { throw PipelineError.invalidOption("internal: no tokenizer in this graph") }
        let t = config.tokenizer
        return TokenizeStage(
            tokenizer: tokenizer, inputPrefix: config.student.labelPrefix, rationalePrefix: config.student.rationalePrefix,
            maxInputTokens: t.maxInputTokens, maxTargetTokens: t.maxTargetTokens)
    }

    private func tokenized(_ parsed: Flow<ParsedRecord>) throws -> Flow<TokenizedExample> {
        parsed.then(try tokenizeStage(), workers: workers)
    }
}

/// What a ``StageGraph`` hands its flow to: the shard writer, a JSON-lines dump, a plan…
/// A sink stops the chain after ``stop`` and takes the flow of that stage's records.
protocol GraphSink: Sendable {
    /// The stage after which the sink takes the flow; `nil` for the whole chain.
    var stop: StopStage? { get }
    /// Whether prompts must be rendered even for a teacher that sends none (to show or
    /// count them).
    var needsPrompts: Bool { get }
    func take(loaded: Flow<SourceRecord>) async throws
    func take(prompted: Flow<PromptedRecord>) async throws
    func take(answered: Flow<TeacherRecord>) async throws
    func take(parsed: Flow<ParsedRecord>) async throws
    func take(tokenized: Flow<TokenizedExample>) async throws
    /// The records of a split the teacher is not asked about, for a sink that stops at
    /// the prompt or the teacher (it may leave the flow unrun).
    func take(unasked: Flow<SourceRecord>, split: String) async throws
}

extension GraphSink {
    var needsPrompts: Bool { false }
    func take(loaded: Flow<SourceRecord>) async throws { throw SinkMismatch(stage: "load") }
    func take(prompted: Flow<PromptedRecord>) async throws { throw SinkMismatch(stage: "prompt") }
    func take(answered: Flow<TeacherRecord>) async throws { throw SinkMismatch(stage: "teacher") }
    func take(parsed: Flow<ParsedRecord>) async throws { throw SinkMismatch(stage: "parse") }
    func take(tokenized: Flow<TokenizedExample>) async throws { throw SinkMismatch(stage: "tokenize") }
    func take(unasked: Flow<SourceRecord>, split: String) async throws {}
}

/// A sink handed a stage it does not take: a programming error.
struct SinkMismatch: Error, CustomStringConvertible {
    var stage: String
    var description: String { "internal: this output does not take the records after stage '\(stage)'" }
}

/// Attaches an empty prompt to each record (a teacher that reads none, or no exemplars).
struct NoPromptStage: Stage {
    let name = "prompt"
    func process(_ batch: [SourceRecord], context: inout BatchContext) async throws -> [PromptedRecord] {
        batch.map { PromptedRecord(source: $0, prompt: .text("")) }
    }
}
