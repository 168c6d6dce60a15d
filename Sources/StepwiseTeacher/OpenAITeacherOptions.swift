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
    /// `teacher.price` (or the older `teacher.price_per_million_tokens`): the cost of the
    /// tokens the server reports, for the spend shown while running, in `stats` and in
    /// `stepwise plan`, and for `maxCost`.
    public var price: TokenPrice?
    /// `teacher.max_cost`: the spend (in `price`'s currency) the output may reach; the run
    /// stops cleanly before a request would pass it. Needs `price`.
    public var maxCost: Double?
    /// `teacher.extra_body`: a JSON object merged into every request body (over the keys
    /// Stepwise sets), part of the cache key.
    public var extraBody: [(String, JSONValue)]
    /// `teacher.retry_empty`: how many times an empty or whitespace-only completion, or one
    /// cut at `max_tokens`, is asked again with another seed before it is kept (default 0).
    public var retryEmpty: Int
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
        price: TokenPrice? = nil, maxCost: Double? = nil, extraBody: [(String, JSONValue)] = [], retryEmpty: Int = 0,
        backoffBaseSeconds: Double = 0.5, backoffMaxSeconds: Double = 30, modelIdentity: String? = nil
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
        self.price = price
        self.maxCost = maxCost
        self.extraBody = extraBody
        self.retryEmpty = retryEmpty
        self.backoffBaseSeconds = backoffBaseSeconds
        self.backoffMaxSeconds = backoffMaxSeconds
        self.modelIdentity = modelIdentity
    }

    /// The seed sent for sample `sample`'s `retry`-th ask (of `samples` per prompt): the
    /// pipeline's seed for the first ask of sample 0, else `teacher.seed` (0 when unset) +
    /// sample + retry × samples, so every ask of a prompt has a seed of its own.
    public func seed(sample: Int, retry: Int, samples: Int) -> Int? {
        if sample == 0 && retry == 0 { return seed }
        return (seed ?? 0) &+ sample &+ retry &* samples
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
        "price", "price_per_million_tokens", "max_cost", "extra_body", "retry_empty",
    ]
    /// The keys of `teacher.price`.
    public static let priceKeys = ["input_per_million", "output_per_million", "cached_input_per_million"]
    /// The keys of `teacher.price_per_million_tokens` (the older spelling of `price`).
    public static let legacyPriceKeys = ["prompt", "completion"]
    /// Keys that never change a completion, left out of the run's fingerprint.
    public static let notFingerprinted = ["price", "price_per_million_tokens", "max_cost"]

    public var sendsPrompt: Bool { true }

    /// Enough batches at once that `concurrency` requests can be in flight whatever
    /// `run.batch_size` and `batch_size` are: one batch of R records makes about
    /// R / `batch_size` requests (R with chat), so ⌈concurrency ÷ that⌉ + 1 batches
    /// (the extra one is being cached or handed on while the others wait on the server).
    public func workers(parallelism: Int, recordsPerBatch: Int) -> Int {
        let perRequest = api == .completions ? batchSize : 1
        let requestsPerBatch = max(1, (max(1, recordsPerBatch) + perRequest - 1) / perRequest)
        return max(2, (concurrency + requestsPerBatch - 1) / requestsPerBatch + 1)
    }
    public var chatProblem: String? {
        api == .chat ? nil : "chat prompts need teacher.api: chat (/v1/completions takes text prompts)"
    }

    public func makeBackend(_ context: TeacherContext) throws -> any TeacherBackend {
        try OpenAITeacher(
            options: self, cache: try CompletionCache(path: context.cacheURL), environment: context.environment,
            samples: context.samples, spentBefore: context.spentBefore, detail: context.detail)
    }

    public var canonicalFields: [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("base_url", .string(baseURL.absoluteString)), ("model", .string(model)), ("api", .string(api.rawValue)),
            ("api_key_env", .optional(apiKeyEnv)), ("batch_size", .int(batchSize)), ("concurrency", .int(concurrency)),
            ("max_tokens", .int(maxTokens)), ("temperature", .double(temperature)),
        ]
        fields.append(("top_p", topP.map(JSONValue.double) ?? .null))
        fields.append(("stop", .array(stop.map(JSONValue.string))))
        fields.append(("seed", seed.map(JSONValue.int) ?? .null))
        fields.append(("timeout_s", .double(timeoutSeconds)))
        fields.append(("max_retries", .int(maxRetries)))
        fields.append(("requests_per_minute", requestsPerMinute.map(JSONValue.int) ?? .null))
        fields.append(("tokens_per_minute", tokensPerMinute.map(JSONValue.int) ?? .null))
        fields.append(("price", price?.json ?? .null))
        fields.append(("max_cost", maxCost.map(JSONValue.double) ?? .null))
        // Only when set, so the canonical form of pipelines without them stays as it was.
        if !extraBody.isEmpty { fields.append(("extra_body", .object(extraBody))) }
        if retryEmpty != 0 { fields.append(("retry_empty", .int(retryEmpty))) }
        return fields
    }

    public static func == (a: OpenAITeacherOptions, b: OpenAITeacherOptions) -> Bool {
        JSONValue.object(a.canonicalFields) == JSONValue.object(b.canonicalFields) && a.modelIdentity == b.modelIdentity
            && a.backoffBaseSeconds == b.backoffBaseSeconds && a.backoffMaxSeconds == b.backoffMaxSeconds
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(JSONValue.object(canonicalFields)) }

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
        let price = decodePrice(s, ok: &ok)
        var maxCost: Double?
        if s.has("max_cost") {
            maxCost = check("max_cost", s.number("max_cost", expected: "a spend > 0 in the price's currency", accept: { $0 > 0 }))
            if maxCost != nil, price == nil, !s.has("price"), !s.has("price_per_million_tokens") {
                s.problem("max_cost", "needs teacher.price (what a million input and output tokens cost) to count the spend")
                ok = false
            }
        }
        var extraBody: [(String, JSONValue)] = []
        if let node = s.node("extra_body") {
            if case .object(let pairs)? = ConfigReader.jsonValue(node) {
                extraBody = pairs
                for (key, _) in pairs where ["model", "prompt", "messages"].contains(key) {
                    s.problem("extra_body", "must not set \(key): Stepwise sends the model and the prompt itself")
                    ok = false
                }
            } else {
                s.problem("extra_body", "expected a mapping of JSON values (merged into each request body), got \(ConfigReader.describe(node))")
                ok = false
            }
        }
        let retryEmpty = check("retry_empty", s.int("retry_empty", in: 0...100, expected: "a count of retries from 0 to 100"))
        guard ok, let baseURL, let model else { return nil }
        let defaults = OpenAITeacherOptions(baseURL: baseURL, model: model, api: api)
        return OpenAITeacherOptions(
            baseURL: baseURL, model: model, api: api, apiKeyEnv: apiKeyEnv, batchSize: batchSize,
            concurrency: concurrency ?? defaults.concurrency, maxTokens: maxTokens ?? defaults.maxTokens,
            temperature: temperature ?? defaults.temperature, topP: topP, stop: stop ?? defaults.stop, seed: seed,
            timeoutSeconds: timeout ?? defaults.timeoutSeconds, maxRetries: maxRetries ?? defaults.maxRetries,
            requestsPerMinute: rpm, tokensPerMinute: tpm, price: price, maxCost: maxCost, extraBody: extraBody,
            retryEmpty: retryEmpty ?? 0)
    }

    /// `teacher.price`, or `teacher.price_per_million_tokens` (`prompt` → input, `completion`
    /// → output); not both.
    static func decodePrice(_ s: ConfigSection, ok: inout Bool) -> TokenPrice? {
        func amount(_ section: ConfigSection, _ key: String, _ what: String, required: Bool) -> Double?? {
            if !section.has(key) {
                if required { section.missing(key, expected: "the price of a million \(what) tokens") }
                return required ? nil : .some(nil)
            }
            return section.number(key, expected: "a price ≥ 0", accept: { $0 >= 0 }).map { .some($0) }
        }
        if s.has("price"), s.has("price_per_million_tokens") {
            s.problem("price_per_million_tokens", "is the older spelling of teacher.price: give one of them")
            ok = false
            return nil
        }
        if let ps = s.section("price", known: priceKeys) {
            let input = amount(ps, "input_per_million", "input", required: true)
            let output = amount(ps, "output_per_million", "output", required: true)
            let cached = amount(ps, "cached_input_per_million", "cached input", required: false)
            guard let input = input ?? nil, let output = output ?? nil, let cached else {
                ok = false
                return nil
            }
            return TokenPrice(input: input, output: output, cachedInput: cached)
        }
        if let ps = s.section("price_per_million_tokens", known: legacyPriceKeys) {
            let input = amount(ps, "prompt", "prompt", required: true)
            let output = amount(ps, "completion", "completion", required: true)
            guard let input = input ?? nil, let output = output ?? nil else {
                ok = false
                return nil
            }
            return TokenPrice(input: input, output: output)
        }
        if s.has("price") || s.has("price_per_million_tokens") { ok = false }
        return nil
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
