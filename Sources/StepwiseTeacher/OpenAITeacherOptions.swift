import Foundation
import StepwiseConfig
import StepwiseCore

/// Which OpenAI-compatible endpoint a teacher calls (`teacher.api`).
public enum TeacherAPI: String, Sendable, Hashable, Codable, CaseIterable {
    /// `/v1/completions`: `batch_size` prompts per request as a `prompt` list.
    case completions
    /// `/v1/chat/completions`: one conversation per request.
    case chat

    /// The path appended to the base URL.
    public var path: String { self == .completions ? "/completions" : "/chat/completions" }
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

/// `teacher.kind: openai`: any OpenAI-compatible server (vLLM, llama.cpp server, Ollama,
/// OpenAI itself), with the keys below under `teacher:`.
///
/// Everything that decides a completion — `modelIdentity`, `api`, `model`, the prompt,
/// `maxTokens`, `temperature`, `topP`, `stop`, `seed` — goes into the cache key;
/// `baseURL` does not, so the same model served from another address reuses the cache
/// (set `modelIdentity` to tell apart two different models served under one name).
public struct OpenAITeacherOptions: TeacherBackendOptions, Hashable {
    /// `teacher.base_url`: the server's API root, e.g. `http://127.0.0.1:8000/v1`.
    public var baseURL: URL
    /// `teacher.model`.
    public var model: String
    /// `teacher.api` (default `completions`).
    public var api: TeacherAPI
    /// `teacher.api_key_env`: the NAME of the environment variable holding the API key,
    /// which must then be set. `nil` (the default) uses `OPENAI_API_KEY` when it is set and
    /// sends no `Authorization` header otherwise (a keyless local server). The key itself
    /// is never stored, logged or put in an error message.
    public var apiKeyEnv: String?

    /// The variable the key is read from when `api_key_env` is not given.
    public static let defaultAPIKeyVariable = "OPENAI_API_KEY"
    /// `teacher.batch_size`: prompts per `/v1/completions` request (default 20; chat
    /// always sends one).
    public var batchSize: Int
    /// `teacher.concurrency`: requests in flight at most, across the stage (default 4).
    public var concurrency: Int
    /// `teacher.max_tokens` (default 256).
    public var maxTokens: Int
    /// `teacher.temperature`, ≥ 0 (default 0).
    public var temperature: Double
    /// `teacher.top_p`, in (0, 1] (default: not sent).
    public var topP: Double?
    /// `teacher.stop` (default `["\n\nQ:"]`).
    public var stop: [String]
    /// `teacher.seed` (default: not sent).
    public var seed: Int?
    /// `teacher.timeout_s`: seconds before a request is abandoned and retried (default 120).
    public var timeoutSeconds: Double
    /// `teacher.max_retries`: retries of a request after its first attempt (default 6).
    public var maxRetries: Int
    /// `teacher.requests_per_minute` (optional limit).
    public var requestsPerMinute: Int?
    /// `teacher.tokens_per_minute`: a limit on estimated tokens per minute (prompt bytes / 4
    /// + `maxTokens` per prompt).
    public var tokensPerMinute: Int?
    /// `teacher.price_per_million_tokens`, for `stepwise plan`'s cost estimate.
    public var pricePerMillionTokens: TokenPrice?
    /// First backoff delay; doubled per retry, capped at `backoffMaxSeconds`, with jitter.
    public var backoffBaseSeconds: Double
    public var backoffMaxSeconds: Double
    /// Names the model behind `baseURL` in cache keys; defaults to `model`.
    public var modelIdentity: String?

    public static let defaultBatchSize = 20

    public init(
        baseURL: URL, model: String, api: TeacherAPI = .completions, apiKeyEnv: String? = nil,
        batchSize: Int? = nil, concurrency: Int = 4, maxTokens: Int = 256, temperature: Double = 0,
        topP: Double? = nil, stop: [String] = ["\n\nQ:"], seed: Int? = nil, timeoutSeconds: Double = 120,
        maxRetries: Int = 6, requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil,
        pricePerMillionTokens: TokenPrice? = nil, backoffBaseSeconds: Double = 0.5, backoffMaxSeconds: Double = 30,
        modelIdentity: String? = nil
    ) {
        self.baseURL = baseURL
        self.model = model
        self.api = api
        self.apiKeyEnv = apiKeyEnv
        self.batchSize = batchSize ?? (api == .chat ? 1 : Self.defaultBatchSize)
        self.concurrency = concurrency
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
        self.seed = seed
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.pricePerMillionTokens = pricePerMillionTokens
        self.backoffBaseSeconds = backoffBaseSeconds
        self.backoffMaxSeconds = backoffMaxSeconds
        self.modelIdentity = modelIdentity
    }

    /// Checks the numeric settings; throws ``TeacherError/invalidOptions(_:)``.
    public func validate() throws(TeacherError) {
        if batchSize < 1 { throw .invalidOptions("batch_size must be at least 1 (got \(batchSize))") }
        if concurrency < 1 { throw .invalidOptions("concurrency must be at least 1 (got \(concurrency))") }
        if maxTokens < 1 { throw .invalidOptions("max_tokens must be at least 1 (got \(maxTokens))") }
        if maxRetries < 0 { throw .invalidOptions("max_retries must not be negative (got \(maxRetries))") }
        if !(timeoutSeconds > 0) { throw .invalidOptions("timeout_s must be positive (got \(timeoutSeconds))") }
        if let r = requestsPerMinute, r < 1 { throw .invalidOptions("requests_per_minute must be at least 1 (got \(r))") }
        if let t = tokensPerMinute, t < 1 { throw .invalidOptions("tokens_per_minute must be at least 1 (got \(t))") }
        guard let scheme = baseURL.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .invalidOptions("base_url must be an http(s) URL (got '\(baseURL.absoluteString)')")
        }
    }

    // MARK: TeacherBackendOptions

    public static let kind = "openai"
    public static let keys = [
        "base_url", "model", "api", "api_key_env", "batch_size", "concurrency", "max_tokens", "temperature",
        "top_p", "stop", "seed", "timeout_s", "max_retries", "requests_per_minute", "tokens_per_minute",
        "price_per_million_tokens",
    ]
    public static let priceKeys = ["prompt", "completion"]

    public var sendsPrompt: Bool { true }
    public var chatProblem: String? {
        api == .chat ? nil : "chat prompts need teacher.api: chat (/v1/completions takes text prompts)"
    }

    public func makeBackend(_ context: TeacherContext) throws -> any TeacherBackend {
        try OpenAITeacher(
            options: self, cache: try CompletionCache(path: context.cacheURL), environment: context.environment, detail: context.detail)
    }

    public var canonicalFields: [(String, JSONValue)] {
        [
            ("base_url", .string(baseURL.absoluteString)), ("model", .string(model)), ("api", .string(api.rawValue)),
            ("api_key_env", .optional(apiKeyEnv)), ("batch_size", .int(batchSize)), ("concurrency", .int(concurrency)),
            ("max_tokens", .int(maxTokens)), ("temperature", .double(temperature)),
            ("top_p", topP.map(JSONValue.double) ?? .null), ("stop", .array(stop.map(JSONValue.string))),
            ("seed", seed.map(JSONValue.int) ?? .null), ("timeout_s", .double(timeoutSeconds)),
            ("max_retries", .int(maxRetries)), ("requests_per_minute", requestsPerMinute.map(JSONValue.int) ?? .null),
            ("tokens_per_minute", tokensPerMinute.map(JSONValue.int) ?? .null),
            ("price_per_million_tokens", pricePerMillionTokens.map {
                .object([("completion", .double($0.completion)), ("prompt", .double($0.prompt))])
            } ?? .null),
        ]
    }

    public static func decode(_ s: ConfigSection) -> OpenAITeacherOptions? {
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
        let api = check("api", s.choice("api", TeacherAPI.self)) ?? .completions

        var apiKeyEnv: String?
        if let node = s.node("api_key_env") {
            // Never echo this value: a key pasted here by mistake must not reach a terminal or log.
            if let text = ConfigReader.stringValue(node), isEnvironmentVariableName(text) {
                apiKeyEnv = text
            } else if let text = ConfigReader.stringValue(node), looksLikeSecret(text) {
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
        let topP = check("top_p", s.number("top_p", expected: "a number greater than 0 and at most 1", accept: { $0 > 0 && $0 <= 1 }))
        let stop = check("stop", s.list("stop", expected: "a list of strings", item: { node, path -> String? in
            guard let text = ConfigReader.stringValue(node), !text.isEmpty else {
                s.reader.report(path, "expected a non-empty string, got \(ConfigReader.describe(node))", at: node.mark)
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
        if let ps = s.section("price_per_million_tokens", known: priceKeys) {
            let prompt = ps.number("prompt", expected: "a price ≥ 0", accept: { $0 >= 0 })
            let completion = ps.number("completion", expected: "a price ≥ 0", accept: { $0 >= 0 })
            if !ps.has("prompt") { ps.missing("prompt", expected: "the price of a million prompt tokens") }
            if !ps.has("completion") { ps.missing("completion", expected: "the price of a million completion tokens") }
            if let prompt, let completion { price = TokenPrice(prompt: prompt, completion: completion) } else { ok = false }
        } else if s.has("price_per_million_tokens") {
            ok = false
        }
        guard ok, let baseURL, let model else { return nil }
        let defaults = OpenAITeacherOptions(baseURL: baseURL, model: model, api: api)
        return OpenAITeacherOptions(
            baseURL: baseURL, model: model, api: api, apiKeyEnv: apiKeyEnv, batchSize: batchSize,
            concurrency: concurrency ?? defaults.concurrency, maxTokens: maxTokens ?? defaults.maxTokens,
            temperature: temperature ?? defaults.temperature, topP: topP, stop: stop ?? defaults.stop, seed: seed,
            timeoutSeconds: timeout ?? defaults.timeoutSeconds, maxRetries: maxRetries ?? defaults.maxRetries,
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
}
