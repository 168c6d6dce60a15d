import Foundation

/// Which OpenAI-compatible endpoint a teacher calls.
public enum TeacherAPI: String, Sendable, Hashable, Codable {
    /// `/v1/completions`: `batchSize` prompts per request as a `prompt` list.
    case completions
    /// `/v1/chat/completions`: one conversation per request.
    case chat

    /// The path appended to the base URL.
    public var path: String { self == .completions ? "/completions" : "/chat/completions" }
}

/// Settings of the `openai` teacher (the pipeline file's `teacher:` section).
///
/// Everything that decides a completion — `modelIdentity`, `api`, `model`, the prompt,
/// `maxTokens`, `temperature`, `topP`, `stop`, `seed` — goes into the cache key;
/// `baseURL` does not, so the same model served from another address reuses the cache
/// (set `modelIdentity` to tell apart two different models served under one name).
public struct OpenAITeacherOptions: Sendable, Hashable {
    /// The server's API root, e.g. `http://127.0.0.1:8000/v1` or `https://api.openai.com/v1`.
    public var baseURL: URL
    public var model: String
    public var api: TeacherAPI
    /// The environment variable holding the API key; `nil` sends no `Authorization` header.
    /// The key itself is never stored, logged or put in an error message.
    public var apiKeyEnv: String?
    /// Prompts per `/v1/completions` request (chat always sends one). Default 8.
    public var batchSize: Int
    /// Requests in flight at most, across all batches of the stage. Default 4.
    public var concurrency: Int
    public var maxTokens: Int
    public var temperature: Double
    public var topP: Double?
    public var stop: [String]
    public var seed: Int?
    /// Seconds before a request is abandoned (and retried). Default 120.
    public var timeoutSeconds: Double
    /// Retries of a request after its first attempt. Default 5.
    public var maxRetries: Int
    public var requestsPerMinute: Int?
    /// Limit on estimated tokens per minute (prompt bytes / 4 + `maxTokens` per prompt).
    public var tokensPerMinute: Int?
    /// First backoff delay; doubled per retry, capped at `backoffMaxSeconds`, with jitter.
    public var backoffBaseSeconds: Double
    public var backoffMaxSeconds: Double
    /// Names the model behind `baseURL` in cache keys; defaults to `model`.
    public var modelIdentity: String?

    public init(
        baseURL: URL, model: String, api: TeacherAPI = .completions, apiKeyEnv: String? = nil,
        batchSize: Int = 8, concurrency: Int = 4, maxTokens: Int = 256, temperature: Double = 0,
        topP: Double? = nil, stop: [String] = [], seed: Int? = nil, timeoutSeconds: Double = 120,
        maxRetries: Int = 5, requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil,
        backoffBaseSeconds: Double = 0.5, backoffMaxSeconds: Double = 30, modelIdentity: String? = nil
    ) {
        self.baseURL = baseURL
        self.model = model
        self.api = api
        self.apiKeyEnv = apiKeyEnv
        self.batchSize = batchSize
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
}
