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

    func teacherKind() throws -> StepwiseTeacher.TeacherKind {
        switch config.teacher.backend {
        case .human: return .human
        case .replay(let recordings): return .replay(recordings: try recordingsFile(recordings.url))
        case .openai(let o): return .openai(openAIOptions(o))
        }
    }

    /// The recordings file the replay teacher reads. A recordings file made by
    /// `stepwise teacher import` (SQLite, recognised by its header whatever its name) is read
    /// as it is; anything else must be JSON lines of `{"id", "completion"}` objects, which are
    /// imported first (once per content) into `OUT/recordings/<name>-<hash>.sqlite`, the way
    /// `stepwise teacher import --format jsonl` does.
    func recordingsFile(_ url: URL) throws -> URL {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            if try handle.read(upToCount: 16) == Data("SQLite format 3\u{0}".utf8) { return url }
            try handle.seek(toOffset: 0)
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw PipelineError.io(path: url.path, detail: "cannot read the recordings (\(error.localizedDescription))")
        }
        if data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "[") {
            throw PipelineError.invalidOption(
                "\(url.path): a JSON array, not JSON lines of {\"id\", \"completion\"}; for the paper's released "
                    + "<split>_CoT_<i>.json files make a recordings file with `stepwise teacher import --format paper "
                    + "--dataset D --split S --out FILE …` and point teacher.recordings at it")
        }
        let name = url.deletingPathExtension().lastPathComponent + "-" + Fingerprint.sha256(data).prefix(16) + ".sqlite"
        let out = outputDirectory.appendingPathComponent("recordings", isDirectory: true).appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: out.path) {
            _ = try RecordingImporter.run(format: .jsonl, inputs: [url], out: out)
        }
        return out
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
        let kind = try teacherKind()
        var cache: CompletionCache? = nil
        if case .openai = kind { cache = try CompletionCache(path: cacheURL) }
        return try TeacherStage(kind: kind, cache: cache)
    }

    func parseStage(tokenizer: SentencePieceTokenizer?) -> ParseStage {
        let p = config.parse
        let options = ParseOptions(
            mode: p.mode == .paper ? .paper : .robust,
            rationaleTooLong: p.rationaleTooLong == .truncate ? .truncate : .filter,
            maxRationaleTokens: config.tokenizer.maxTargetTokens,
            dropDuplicateInputs: p.dropDuplicateInputs,
            dropTeacherDisagreement: p.dropTeacherDisagreement,
            rationaleSource: config.teacher.kind == .human ? .humanExplanation : .completion)
        let counter: @Sendable (String) -> Int
        if let tokenizer {
            let sessions = EncodingSessionPool()
            counter = { text in
                sessions.withSession { tokenizer.encode(text, addEOS: true, maxLength: nil, session: $0).count }
            }
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
    /// attaches an empty prompt: that teacher needs none). With `onlyIfSent`, prompts are
    /// rendered only for a teacher that sends them (openai): replay matches recordings by id
    /// or position and the human teacher uses the dataset's explanation, so a shard run
    /// skips the rendering for them (`--until prompt` still shows the prompts).
    func promptedFlow(_ flow: Flow<SourceRecord>, onlyIfSent: Bool = false) throws -> Flow<PromptedRecord> {
        if onlyIfSent, config.teacher.kind != .openai { return flow.then(NoPromptStage()) }
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

    var parseWorkers: Int { workers }

    /// Adds the parse stage, and duplicate detection (in order, one worker) when enabled.
    /// `remembering`: input keys of samples committed by the run being resumed.
    func parsedFlow(
        _ flow: Flow<TeacherRecord>, tokenizer: SentencePieceTokenizer?,
        remembering: [DuplicateInputStage.InputKey] = []
    ) -> Flow<ParsedRecord> {
        let parsed = flow.then(parseStage(tokenizer: tokenizer), workers: workers)
        guard config.parse.dropDuplicateInputs else { return parsed }
        return parsed.then(DuplicateInputStage(remembering: remembering), workers: 1)
    }
}

/// Attaches an empty prompt to each record (the human teacher without exemplars).
struct NoPromptStage: Stage {
    let name = "prompt"
    func process(_ batch: [SourceRecord], context: inout BatchContext) async throws -> [PromptedRecord] {
        batch.map { PromptedRecord(source: $0, prompt: .text("")) }
    }
}
