import Foundation

/// `teacher:` — who writes a rationale and a label for each record.
public struct TeacherConfig: Sendable, Hashable {
    /// The teacher kind with its own settings.
    public var backend: TeacherBackend
    /// `teacher.cache`: the SQLite completion cache; `nil` means the default,
    /// `<output.dir>/teacher-cache.sqlite` (see ``cacheURL(output:)``).
    public var cache: ConfigPath?
    /// `teacher.splits`: the splits whose records are sent to the teacher; `nil` means all.
    /// Records of other splits (typically the evaluation splits, which need only the gold
    /// label) skip the teacher and the parser: their rationale is empty and their teacher
    /// label is the gold label.
    public var splits: [SplitName]?

    public init(backend: TeacherBackend, cache: ConfigPath? = nil, splits: [SplitName]? = nil) {
        self.backend = backend
        self.cache = cache
        self.splits = splits
    }

    /// Whether records of `split` are sent to the teacher.
    public func asks(split: String) -> Bool {
        splits.map { $0.map(\.rawValue).contains(split) } ?? true
    }

    /// `teacher.kind`.
    public var kind: Kind {
        switch backend {
        case .openai: return .openai
        case .replay: return .replay
        case .human: return .human
        }
    }

    /// The cache file: `teacher.cache`, or `teacher-cache.sqlite` inside `output`
    /// (pass the effective output directory, after any `--out` override).
    public func cacheURL(output: URL) -> URL {
        cache?.url ?? output.appendingPathComponent("teacher-cache.sqlite")
    }

    /// The OpenAI settings when the kind is `openai`.
    public var openai: OpenAITeacherConfig? {
        if case .openai(let settings) = backend { return settings }
        return nil
    }

    /// The recordings file when the kind is `replay`.
    public var recordings: ConfigPath? {
        if case .replay(let path) = backend { return path }
        return nil
    }
}

/// `teacher.kind` with the settings that belong to it.
public enum TeacherBackend: Sendable, Hashable {
    /// An OpenAI-compatible server.
    case openai(OpenAITeacherConfig)
    /// Recorded completions (`teacher.recordings`).
    case replay(recordings: ConfigPath)
    /// The dataset's own explanation and gold label.
    case human
}

extension TeacherConfig {
    /// `teacher.kind`.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Any OpenAI-compatible server (vLLM, llama.cpp server, Ollama, OpenAI).
        case openai
        /// Completions recorded earlier (`stepwise teacher import`).
        case replay
        /// The dataset's own explanation as rationale and its gold label as label.
        case human
    }
}

extension OpenAITeacherConfig {
    /// `teacher.api`: which endpoint an `openai` teacher calls.
    public enum API: String, Sendable, Hashable, CaseIterable {
        /// `/v1/completions`: `batch_size` prompts per request, as a `prompt` list.
        case completions
        /// `/v1/chat/completions`: one conversation per request (`batch_size` is 1).
        case chat
    }
}

/// The settings of `teacher.kind: openai`.
public struct OpenAITeacherConfig: Sendable, Hashable {
    /// `teacher.base_url`, e.g. `http://127.0.0.1:8000/v1` (http or https).
    public var baseURL: URL
    /// `teacher.model`.
    public var model: String
    /// `teacher.api` (default `completions`).
    public var api: OpenAITeacherConfig.API
    /// `teacher.api_key_env`: the NAME of the environment variable holding the API key
    /// (default `OPENAI_API_KEY`). The key itself never appears in a pipeline file.
    public var apiKeyEnv: String
    /// `teacher.batch_size`: prompts per request (default 20 with `api: completions`;
    /// always 1 with `api: chat`, where any other value is an error).
    public var batchSize: Int
    /// `teacher.concurrency`: requests in flight (default 4).
    public var concurrency: Int
    /// `teacher.max_tokens` (default 256).
    public var maxTokens: Int
    /// `teacher.temperature`, ≥ 0 (default 0).
    public var temperature: Double
    /// `teacher.stop` (default `["\n\nQ:"]`).
    public var stop: [String]
    /// `teacher.seed` (optional).
    public var seed: Int?
    /// `teacher.timeout_s`: per request, seconds (default 120).
    public var timeoutSeconds: Double
    /// `teacher.max_retries` (default 6).
    public var maxRetries: Int
    /// `teacher.requests_per_minute` (optional limit).
    public var requestsPerMinute: Int?
    /// `teacher.tokens_per_minute` (optional limit).
    public var tokensPerMinute: Int?
    /// `teacher.price_per_million_tokens`, for `stepwise plan`'s cost estimate (optional).
    public var pricePerMillionTokens: TokenPrice?

    public init(
        baseURL: URL, model: String, api: OpenAITeacherConfig.API = .completions, apiKeyEnv: String = "OPENAI_API_KEY",
        batchSize: Int? = nil, concurrency: Int = 4, maxTokens: Int = 256, temperature: Double = 0,
        stop: [String] = ["\n\nQ:"], seed: Int? = nil, timeoutSeconds: Double = 120, maxRetries: Int = 6,
        requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, pricePerMillionTokens: TokenPrice? = nil
    ) {
        self.baseURL = baseURL
        self.model = model
        self.api = api
        self.apiKeyEnv = apiKeyEnv
        self.batchSize = batchSize ?? (api == .chat ? 1 : 20)
        self.concurrency = concurrency
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.stop = stop
        self.seed = seed
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.pricePerMillionTokens = pricePerMillionTokens
    }
}

/// `teacher.price_per_million_tokens`: USD (or any currency) per million tokens.
public struct TokenPrice: Sendable, Hashable {
    /// Price of a million prompt tokens, ≥ 0.
    public var prompt: Double
    /// Price of a million completion tokens, ≥ 0.
    public var completion: Double

    public init(prompt: Double, completion: Double) {
        self.prompt = prompt
        self.completion = completion
    }
}
