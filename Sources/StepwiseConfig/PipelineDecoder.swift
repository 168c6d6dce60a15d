import Foundation
import StepwiseCore
import Yams

/// Decodes each section of a pipeline file, applying defaults and the rules that tie
/// keys together (kind-specific keys, dataset-specific splits, prompt vs. API).
///
/// Internal; every rule here has a counterpart in `Schemas/pipeline.schema.json`, and the
/// schema-agreement test keeps the two in step.
struct PipelineDecoder {
    let reader: ConfigReader

    static let datasetKeys = [
        "name", "format", "source", "splits", "sample", "round", "explanations", "on_bad_record", "limit", "augment",
    ]
    static let sampleKeys = ["fraction", "seed"]
    static let augmentKeys = ["name", "format", "source", "splits"]
    static let promptKeys = ["exemplars", "style", "system"]
    static let openaiKeys = [
        "base_url", "model", "api", "api_key_env", "batch_size", "concurrency", "max_tokens", "temperature",
        "stop", "seed", "timeout_s", "max_retries", "requests_per_minute", "tokens_per_minute",
        "price_per_million_tokens",
    ]
    static let teacherKeys = ["kind", "recordings", "cache", "splits"] + openaiKeys
    static let priceKeys = ["prompt", "completion"]
    static let parseKeys = ["mode", "rationale_too_long", "drop_duplicate_inputs", "drop_teacher_disagreement"]
    static let tokenizerKeys = ["path", "max_input_tokens", "max_target_tokens", "input_prefix", "rationale_prefix"]
    static let outputKeys = ["dir", "compression", "shard_size_limit", "token_dtype", "text_columns", "hashes"]
    static let runKeys = ["batch_size", "workers", "channel_capacity"]

    func decode(root: Node) -> PipelineConfig? {
        guard let top = ConfigSection(root, path: "", reader: reader, known: PipelineConfig.topLevelKeys) else {
            return nil
        }
        let name = top.string("name")
        if !top.has("name") { top.missing("name", expected: "the pipeline's name (a string)") }
        let description = top.string("description", nonEmpty: false)

        let dataset = required(top, "dataset", known: Self.datasetKeys, expected: "a mapping with name, format, source …") {
            decodeDataset($0)
        }
        let teacher = required(top, "teacher", known: Self.teacherKeys, expected: "a mapping with kind (openai, replay or human) …") {
            decodeTeacher($0)
        }
        let prompt = decodePrompt(top, teacher: teacher)
        let parse: ParseConfig? =
            top.has("parse") ? top.section("parse", known: Self.parseKeys, nullIsEmpty: true).flatMap(decodeParse) : ParseConfig()
        let tokenizer = required(top, "tokenizer", known: Self.tokenizerKeys, expected: "a mapping with path …") {
            decodeTokenizer($0)
        }
        let output = required(top, "output", known: Self.outputKeys, expected: "a mapping with dir …") { decodeOutput($0) }
        let run: RunConfig? =
            top.has("run") ? top.section("run", known: Self.runKeys, nullIsEmpty: true).flatMap(decodeRun) : RunConfig()

        guard let name, let dataset, let prompt, let teacher, let parse, let tokenizer, let output, let run else {
            return nil
        }
        return PipelineConfig(
            name: name, description: description, dataset: dataset, prompt: prompt, teacher: teacher,
            parse: parse, tokenizer: tokenizer, output: output, run: run)
    }

    /// Opens a required section and decodes it, or reports it missing.
    private func required<T>(_ top: ConfigSection, _ key: String, known: [String], expected: String,
                             decode: (ConfigSection) -> T?) -> T? {
        guard top.has(key) else {
            top.missing(key, expected: expected)
            return nil
        }
        return top.section(key, known: known).flatMap(decode)
    }

    // MARK: - dataset

    private func decodeDataset(_ s: ConfigSection) -> DatasetConfig? {
        let name = s.choice("name", DatasetName.self)
        if !s.has("name") { s.missing("name", expected: "one of \(DatasetName.allCases.map(\.rawValue).joined(separator: ", "))") }
        let format = s.choice("format", DatasetFormat.self)
        let source = s.path("source")
        if !s.has("source") { s.missing("source", expected: "a path to a file, directory or archive") }

        var splits: [SplitName]?
        var ok = true
        if s.has("splits") {
            splits = s.distinctChoices("splits", SplitName.self, minCount: 1)
            if splits == nil { ok = false }
            if let chosen = splits, let name {
                let available = SplitName.defaults(for: name)
                if let wrong = chosen.first(where: { !available.contains($0) }) {
                    s.problem("splits", "\(name.rawValue) has no \(wrong.rawValue) split (it has \(available.map(\.rawValue).joined(separator: ", ")))")
                    ok = false
                }
            }
        }

        var sample = SampleConfig()
        if let ss = s.section("sample", known: Self.sampleKeys) {
            if let fraction = ss.number("fraction", expected: "a number greater than 0 and at most 1", accept: { $0 > 0 && $0 <= 1 }) {
                sample.fraction = fraction
            } else if ss.has("fraction") { ok = false }
            if let seed = ss.nonNegativeInt("seed") { sample.seed = seed } else if ss.has("seed") { ok = false }
        } else if s.has("sample") { ok = false }

        var round: Int?
        if name == .anli || name == nil {
            round = s.int("round", in: 1...3, expected: "1, 2 or 3")
            if s.has("round"), round == nil { ok = false }
        } else if let name {
            s.reject("round", "only used with dataset anli, not \(name.rawValue)")
            if s.has("round") { ok = false }
        }

        var explanations: ConfigPath?
        if name == .cqa || name == nil {
            explanations = s.path("explanations")
            if s.has("explanations"), explanations == nil { ok = false }
        } else if let name {
            s.reject("explanations", "only used with dataset cqa (the CoS-E files), not \(name.rawValue)")
            if s.has("explanations") { ok = false }
        }

        let onBadRecord = s.choice("on_bad_record", DatasetConfig.BadRecordPolicy.self)
        let limit = s.positiveInt("limit")

        var augment: [AugmentSource] = []
        if s.has("augment") {
            if let items = s.list("augment", expected: "a list of sources ({name, format, source, splits})", item: { node, path in
                decodeAugment(node, path: path, main: name)
            }) {
                augment = items
                if let splits, !splits.contains(.train), !items.isEmpty {
                    s.problem("augment", "adds records to the train split, but dataset.splits has no train")
                    ok = false
                }
            } else {
                ok = false
            }
        }

        let optionalsOK = (!s.has("format") || format != nil) && (!s.has("on_bad_record") || onBadRecord != nil)
            && (!s.has("limit") || limit != nil)
        guard ok, optionalsOK, let name, let source else { return nil }
        return DatasetConfig(
            name: name, format: format ?? .official, source: source, splits: splits, sample: sample,
            round: round, explanations: explanations, onBadRecord: onBadRecord ?? .fail, limit: limit,
            augment: augment)
    }

    private func decodeAugment(_ node: Node, path: String, main: DatasetName?) -> AugmentSource? {
        guard let s = ConfigSection(node, path: path, reader: reader, known: Self.augmentKeys) else { return nil }
        let name = s.choice("name", DatasetName.self)
        if !s.has("name") { s.missing("name", expected: "one of \(DatasetName.allCases.map(\.rawValue).joined(separator: ", "))") }
        var ok = true
        if let name, let main, name.labelKind != main.labelKind {
            s.problem("name", "\(name.rawValue) has \(name.labelKind.rawValue) labels and cannot augment \(main.rawValue), which has \(main.labelKind.rawValue) labels")
            ok = false
        }
        let format = s.choice("format", DatasetFormat.self)
        if s.has("format"), format == nil { ok = false }
        let source = s.path("source")
        if !s.has("source") { s.missing("source", expected: "a path to a file, directory or archive") }
        var splits: [SplitName] = [.train]
        if s.has("splits") {
            if let chosen = s.distinctChoices("splits", SplitName.self, minCount: 1) {
                splits = chosen
                if let name, let wrong = chosen.first(where: { !SplitName.defaults(for: name).contains($0) }) {
                    s.problem("splits", "\(name.rawValue) has no \(wrong.rawValue) split (it has \(SplitName.defaults(for: name).map(\.rawValue).joined(separator: ", ")))")
                    ok = false
                }
            } else {
                ok = false
            }
        }
        guard ok, let name, let source else { return nil }
        return AugmentSource(name: name, format: format ?? .official, source: source, splits: splits)
    }

    // MARK: - prompt

    private func decodePrompt(_ top: ConfigSection, teacher: TeacherConfig?) -> PromptConfig? {
        // Which teacher kind was asked for, even if the rest of `teacher` is invalid, so
        // that the prompt's own rules are checked in the same pass.
        let kind = top.node("teacher").flatMap { node -> TeacherConfig.Kind? in
            guard case .mapping(let m) = node, let k = m["kind"].flatMap(ConfigReader.stringValue) else { return nil }
            return TeacherConfig.Kind(rawValue: k)
        }
        let api = top.node("teacher").flatMap { node -> OpenAITeacherConfig.API? in
            guard case .mapping(let m) = node else { return nil }
            guard let a = m["api"] else { return .completions }
            return ConfigReader.stringValue(a).flatMap(OpenAITeacherConfig.API.init(rawValue:))
        }
        guard top.has("prompt") else {
            if let kind, kind != .human {
                top.missing("prompt", expected: "a mapping with exemplars (the few-shot exemplar file)",
                            condition: "with teacher kind \(kind.rawValue)")
                return nil
            }
            return PromptConfig()
        }
        guard let s = top.section("prompt", known: Self.promptKeys, nullIsEmpty: true) else { return nil }
        var ok = true
        let exemplars = s.path("exemplars")
        if s.has("exemplars"), exemplars == nil { ok = false }
        if !s.has("exemplars"), let kind, kind != .human {
            s.missing("exemplars", expected: "a path to the few-shot exemplar file", condition: "with teacher kind \(kind.rawValue)")
            ok = false
        }
        let style = s.choice("style", PromptConfig.Style.self)
        if s.has("style"), style == nil { ok = false }
        let effectiveStyle = style ?? .completion
        if effectiveStyle == .chat, kind == .openai, api == .completions {
            s.problem("style", "chat prompts need teacher.api: chat (/v1/completions takes text prompts)")
            ok = false
        }
        var system: String?
        if effectiveStyle == .chat || (s.has("style") && style == nil) {
            system = s.string("system", nonEmpty: false)
            if s.has("system"), system == nil { ok = false }
        } else {
            s.reject("system", "only used with style chat")
            if s.has("system") { ok = false }
        }
        guard ok else { return nil }
        return PromptConfig(exemplars: exemplars, style: effectiveStyle, system: system)
    }

    // MARK: - teacher

    private func decodeTeacher(_ s: ConfigSection) -> TeacherConfig? {
        let kind = s.choice("kind", TeacherConfig.Kind.self)
        if !s.has("kind") { s.missing("kind", expected: "one of openai, replay, human") }
        var ok = kind != nil
        let cache = s.path("cache")
        if s.has("cache"), cache == nil { ok = false }
        var askedSplits: [SplitName]? = nil
        if s.has("splits") {
            askedSplits = s.distinctChoices("splits", SplitName.self, minCount: 1)
            if askedSplits == nil { ok = false }
        }

        // Keys that belong to another kind.
        if let kind {
            if kind != .replay, s.has("recordings") {
                s.reject("recordings", "only used with kind replay")
                ok = false
            }
            if kind != .openai {
                for key in Self.openaiKeys where s.has(key) {
                    s.reject(key, "only used with kind openai")
                    ok = false
                }
            }
        }

        switch kind {
        case .replay:
            let recordings = s.path("recordings")
            if !s.has("recordings") { s.missing("recordings", expected: "a path to the recorded completions", condition: "with kind replay") }
            guard ok, let recordings else { return nil }
            return TeacherConfig(backend: .replay(recordings: recordings), cache: cache, splits: askedSplits)
        case .human:
            guard ok else { return nil }
            return TeacherConfig(backend: .human, cache: cache, splits: askedSplits)
        case .openai:
            guard let settings = decodeOpenAI(s), ok else { return nil }
            return TeacherConfig(backend: .openai(settings), cache: cache, splits: askedSplits)
        case nil:
            return nil
        }
    }

    private func decodeOpenAI(_ s: ConfigSection) -> OpenAITeacherConfig? {
        var ok = true
        func check<T>(_ key: String, _ value: T?) -> T? {
            if s.has(key), value == nil { ok = false }
            return value
        }

        var baseURL: URL?
        if let text = s.string("base_url") {
            if let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                url.host != nil
            {
                baseURL = url
            } else {
                s.problem("base_url", "expected an http:// or https:// URL, got \(ConfigReader.quote(text))")
                ok = false
            }
        } else if s.has("base_url") {
            ok = false
        } else {
            s.missing("base_url", expected: "the server's URL, e.g. http://127.0.0.1:8000/v1", condition: "with kind openai")
        }
        let model = check("model", s.string("model"))
        if !s.has("model") { s.missing("model", expected: "the model name the server knows", condition: "with kind openai") }
        let api = check("api", s.choice("api", OpenAITeacherConfig.API.self)) ?? .completions

        var apiKeyEnv = "OPENAI_API_KEY"
        if let node = s.node("api_key_env") {
            // Never echo this value: a key pasted here by mistake must not reach a terminal or log.
            if let text = ConfigReader.stringValue(node), Self.isEnvironmentVariableName(text) {
                apiKeyEnv = text
            } else if let text = ConfigReader.stringValue(node), Self.looksLikeSecret(text) {
                s.problem("api_key_env", "expected the NAME of an environment variable that holds the key, got what looks like a key itself (value not shown); put the key in the environment instead")
                ok = false
            } else {
                s.problem("api_key_env", "expected an environment variable name (letters, digits and _, not starting with a digit); value not shown")
                ok = false
            }
        }

        var batchSize = check("batch_size", s.positiveInt("batch_size"))
        if api == .chat, let size = batchSize, size != 1 {
            s.problem("batch_size", "must be 1 with api chat (one conversation per request), got \(size)")
            ok = false
            batchSize = nil
        }
        let concurrency = check("concurrency", s.positiveInt("concurrency"))
        let maxTokens = check("max_tokens", s.positiveInt("max_tokens"))
        let temperature = check("temperature", s.number("temperature", expected: "a number ≥ 0", accept: { $0 >= 0 }))
        let stop = check("stop", s.list("stop", expected: "a list of strings", item: { node, path -> String? in
            guard let text = ConfigReader.stringValue(node), !text.isEmpty else {
                reader.report(path, "expected a non-empty string, got \(ConfigReader.describe(node))", at: node.mark)
                return nil
            }
            return text
        }))
        let seed = check("seed", s.int("seed", in: Int.min...Int.max, expected: "an integer"))
        let timeout = check("timeout_s", s.number("timeout_s", expected: "a positive number of seconds", accept: { $0 > 0 }))
        let maxRetries = check("max_retries", s.nonNegativeInt("max_retries"))
        let rpm = check("requests_per_minute", s.positiveInt("requests_per_minute"))
        let tpm = check("tokens_per_minute", s.positiveInt("tokens_per_minute"))

        var price: TokenPrice?
        if let ps = s.section("price_per_million_tokens", known: Self.priceKeys) {
            let prompt = ps.number("prompt", expected: "a price ≥ 0", accept: { $0 >= 0 })
            let completion = ps.number("completion", expected: "a price ≥ 0", accept: { $0 >= 0 })
            if !ps.has("prompt") { ps.missing("prompt", expected: "the price of a million prompt tokens") }
            if !ps.has("completion") { ps.missing("completion", expected: "the price of a million completion tokens") }
            if let prompt, let completion { price = TokenPrice(prompt: prompt, completion: completion) } else { ok = false }
        } else if s.has("price_per_million_tokens") {
            ok = false
        }

        guard ok, let baseURL, let model else { return nil }
        return OpenAITeacherConfig(
            baseURL: baseURL, model: model, api: api, apiKeyEnv: apiKeyEnv, batchSize: batchSize,
            concurrency: concurrency ?? 4, maxTokens: maxTokens ?? 256, temperature: temperature ?? 0,
            stop: stop ?? ["\n\nQ:"], seed: seed, timeoutSeconds: timeout ?? 120, maxRetries: maxRetries ?? 6,
            requestsPerMinute: rpm, tokensPerMinute: tpm, pricePerMillionTokens: price)
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    static func isEnvironmentVariableName(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return text.utf8.allSatisfy { b in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_")
        }
    }

    /// API keys: `sk-…`, `Bearer …`, or long runs of mixed letters and digits.
    static func looksLikeSecret(_ text: String) -> Bool {
        if text.hasPrefix("sk-") || text.hasPrefix("sk_") || text.lowercased().hasPrefix("bearer ") { return true }
        let digits = text.utf8.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
        return text.utf8.count >= 20 && digits >= 4
    }

    // MARK: - parse, tokenizer, output, run

    private func decodeParse(_ s: ConfigSection) -> ParseConfig? {
        let mode = s.choice("mode", ParseConfig.Mode.self)
        let tooLong = s.choice("rationale_too_long", ParseConfig.RationaleTooLong.self)
        let duplicates = s.bool("drop_duplicate_inputs")
        let disagreement = s.bool("drop_teacher_disagreement")
        guard (!s.has("mode") || mode != nil), (!s.has("rationale_too_long") || tooLong != nil),
            (!s.has("drop_duplicate_inputs") || duplicates != nil),
            (!s.has("drop_teacher_disagreement") || disagreement != nil)
        else { return nil }
        return ParseConfig(
            mode: mode ?? .robust, rationaleTooLong: tooLong ?? .filter,
            dropDuplicateInputs: duplicates ?? false, dropTeacherDisagreement: disagreement ?? false)
    }

    private func decodeTokenizer(_ s: ConfigSection) -> TokenizerConfig? {
        let path = s.path("path")
        if !s.has("path") { s.missing("path", expected: "a path to spiece.model or tokenizer.json") }
        let maxInput = s.positiveInt("max_input_tokens")
        let maxTarget = s.positiveInt("max_target_tokens")
        let inputPrefix = s.string("input_prefix", nonEmpty: false)
        let rationalePrefix = s.string("rationale_prefix", nonEmpty: false)
        guard let path, (!s.has("max_input_tokens") || maxInput != nil), (!s.has("max_target_tokens") || maxTarget != nil),
            (!s.has("input_prefix") || inputPrefix != nil), (!s.has("rationale_prefix") || rationalePrefix != nil)
        else { return nil }
        return TokenizerConfig(
            path: path, maxInputTokens: maxInput ?? 1024, maxTargetTokens: maxTarget ?? 256,
            inputPrefix: inputPrefix ?? "predict: ", rationalePrefix: rationalePrefix ?? "explain: ")
    }

    private func decodeOutput(_ s: ConfigSection) -> OutputConfig? {
        var ok = true
        let dir = s.path("dir")
        if !s.has("dir") { s.missing("dir", expected: "a path to the output directory") }
        var compression = OutputConfig.Compression.zstd(level: 3)
        if let node = s.node("compression") {
            if let text = ConfigReader.stringValue(node), let parsed = OutputConfig.Compression(text) {
                compression = parsed
            } else {
                s.problem("compression", "expected zstd, zstd:N (N from 1 to 22) or none, got \(ConfigReader.describe(node))")
                ok = false
            }
        }
        let limit = s.int("shard_size_limit", in: 1...OutputConfig.maxShardSizeLimit,
                          expected: "a positive number of bytes up to \(OutputConfig.maxShardSizeLimit) (1 GiB)")
        if s.has("shard_size_limit"), limit == nil { ok = false }
        let dtype = s.choice("token_dtype", OutputConfig.TokenDType.self)
        if s.has("token_dtype"), dtype == nil { ok = false }
        let textColumns = s.bool("text_columns")
        if s.has("text_columns"), textColumns == nil { ok = false }
        var hashes: [OutputConfig.HashAlgorithm] = []
        if s.has("hashes") {
            if let chosen = s.distinctChoices("hashes", OutputConfig.HashAlgorithm.self, minCount: 0) { hashes = chosen } else { ok = false }
        }
        guard ok, let dir else { return nil }
        return OutputConfig(
            dir: dir, compression: compression, shardSizeLimit: limit ?? (1 << 26), tokenDType: dtype ?? .int32,
            textColumns: textColumns ?? false, hashes: hashes)
    }

    private func decodeRun(_ s: ConfigSection) -> RunConfig? {
        let batchSize = s.positiveInt("batch_size")
        let workers = s.positiveInt("workers")
        let capacity = s.positiveInt("channel_capacity")
        guard (!s.has("batch_size") || batchSize != nil), (!s.has("workers") || workers != nil),
            (!s.has("channel_capacity") || capacity != nil)
        else { return nil }
        return RunConfig(batchSize: batchSize ?? 256, workers: workers, channelCapacity: capacity ?? 4)
    }
}
