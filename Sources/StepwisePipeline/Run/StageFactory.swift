import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwisePrompting
import StepwiseRationales
import StepwiseTeacher
import StepwiseTokenizer

/// Builds each stage's options from the pipeline file: the one place where the file's
/// keys meet the stage modules' types.
struct StageFactory: Sendable {
    let config: PipelineConfig
    let options: RunOptions
    let outputDirectory: URL

    var workers: Int { max(1, options.workers ?? config.run.workers ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// The loaders feeding `split`: the dataset itself, then any `augment` sources that have it.
    func loaders(split: String) throws -> [DatasetLoader] {
        let d = config.dataset
        var list: [DatasetLoader] = []
        func make(
            _ name: DatasetName, _ format: DatasetFormat, _ source: URL, explanations: URL?, round: Int, split: String
        ) throws {
            let opts = LoaderOptions(
                dataset: name, format: format == .official ? .official : .referenceJSONL, source: source,
                explanations: explanations, round: round,
                onBadRecord: d.onBadRecord == .skip ? .skip : .fail,
                sampleFraction: d.sample.fraction, sampleSeed: UInt64(d.sample.seed),
                rank: options.rank, worldSize: options.worldSize,
                batchSize: config.run.batchSize, limit: nil)
            list.append(try DatasetLoader(options: opts, split: split))
        }
        try make(d.name, d.format, d.source.url, explanations: d.explanations?.url, round: d.round ?? 1, split: split)
        // `augment` sources add the listed splits of another dataset to train (SVAMP + ASDiv).
        if split == "train" {
            for extra in d.augment {
                for extraSplit in extra.splits.map(\.rawValue) {
                    try make(extra.name, extra.format, extra.source.url, explanations: nil, round: 1, split: extraSplit)
                }
            }
        }
        return list
    }

    /// The prompt stage; `nil` for the human teacher without exemplars.
    func promptStage() throws -> PromptStage? {
        guard let exemplars = config.prompt.exemplars else { return nil }
        let style: PromptStyle = config.prompt.style == .chat ? .chat : .completion
        return try PromptStage(dataset: config.dataset.name, options: PromptOptions(exemplarsFile: exemplars.url, style: style))
    }

    var cacheURL: URL { config.teacher.cacheURL(output: outputDirectory) }

    func teacherKind() -> StepwiseTeacher.TeacherKind {
        switch config.teacher.backend {
        case .human: return .human
        case .replay(let recordings): return .replay(recordings: recordings.url)
        case .openai(let o): return .openai(openAIOptions(o))
        }
    }

    func openAIOptions(_ o: OpenAITeacherConfig) -> OpenAITeacherOptions {
        OpenAITeacherOptions(
            baseURL: o.baseURL, model: o.model, api: o.api == .chat ? .chat : .completions,
            apiKeyEnv: o.apiKeyEnv, batchSize: o.batchSize, concurrency: o.concurrency,
            maxTokens: o.maxTokens, temperature: o.temperature, stop: o.stop, seed: o.seed,
            timeoutSeconds: o.timeoutSeconds, maxRetries: o.maxRetries,
            requestsPerMinute: o.requestsPerMinute, tokensPerMinute: o.tokensPerMinute)
    }

    func teacherStage() throws -> TeacherStage {
        let kind = teacherKind()
        var cache: CompletionCache? = nil
        if case .openai = kind { cache = try CompletionCache(path: cacheURL) }
        return try TeacherStage(kind: kind, cache: cache)
    }

    func parseStage(tokenizer: SentencePieceTokenizer?, emitFiltered: Bool) -> ParseStage {
        let p = config.parse
        let options = ParseOptions(
            mode: p.mode == .paper ? .paper : .robust,
            rationaleTooLong: p.rationaleTooLong == .truncate ? .truncate : .filter,
            maxRationaleTokens: config.tokenizer.maxTargetTokens,
            dropDuplicateInputs: p.dropDuplicateInputs,
            dropTeacherDisagreement: p.dropTeacherDisagreement,
            emitFiltered: emitFiltered)
        let counter: @Sendable (String) -> Int
        if let tokenizer {
            counter = { tokenizer.encode($0, addEOS: true, maxLength: nil).count }
        } else {
            counter = { _ in 0 }
        }
        return ParseStage(dataset: config.dataset.name, options: options, rationaleTokenCount: counter)
    }

    func tokenizeStage(tokenizer: SentencePieceTokenizer) -> TokenizeStage {
        TokenizeStage(
            tokenizer: tokenizer, inputPrefix: config.tokenizer.inputPrefix,
            rationalePrefix: config.tokenizer.rationalePrefix,
            maxInputTokens: config.tokenizer.maxInputTokens, maxTargetTokens: config.tokenizer.maxTargetTokens)
    }

    func loadTokenizer() throws -> SentencePieceTokenizer {
        try SentencePieceTokenizer(contentsOf: config.tokenizer.path.url)
    }
}

extension StageFactory {
    /// Adds the prompt stage (or, for the human teacher without exemplars, a stage that
    /// attaches an empty prompt: that teacher needs none).
    func promptedFlow(_ flow: Flow<SourceRecord>) throws -> Flow<PromptedRecord> {
        if let stage = try promptStage() { return flow.then(stage, workers: workers) }
        return flow.then(NoPromptStage())
    }

    /// Two workers let the next batch's requests start while a batch's last requests finish;
    /// the teacher's own `concurrency` bounds the requests in flight.
    var teacherWorkers: Int {
        switch config.teacher.backend {
        case .human: return workers
        case .replay, .openai: return 2
        }
    }

    /// Duplicate detection needs the records in order in one worker.
    var parseWorkers: Int { config.parse.dropDuplicateInputs ? 1 : workers }
}

/// Attaches an empty prompt to each record (the human teacher without exemplars).
struct NoPromptStage: Stage {
    let name = "prompt"
    func process(_ batch: [SourceRecord], context: inout BatchContext) async throws -> [PromptedRecord] {
        batch.map { PromptedRecord(source: $0, prompt: .text("")) }
    }
}
