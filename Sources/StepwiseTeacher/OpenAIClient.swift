import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StepwiseCore

/// One answer from a response: the choice for the prompt at `index` of the request.
struct ReceivedChoice: Sendable {
    var text: String
    var finishReason: String?
    /// The choice's own `usage`, where the server gives one per choice.
    var usage: TokenUsage?
}

/// What one request asks for: its prompts (several only for `/v1/completions`), how many
/// completions of each (`n`), and the seed.
struct RequestShape: Sendable {
    var prompts: [Prompt]
    var n: Int = 1
    var seed: Int?
    /// Seconds before the request is abandoned (`teacher.timeout_s`, longer after timeouts).
    var timeout: Double? = nil

    /// Choices a full answer holds.
    var expected: Int { prompts.count * n }
}

/// What one HTTP exchange produced.
enum ExchangeOutcome: Sendable {
    /// A well-formed response: the choices by prompt position (possibly fewer than sent),
    /// plus how many choices were dropped as extra or malformed.
    /// `usage` is the response's (`nil` when the server sent none); `usageOfFirstChoice`
    /// says it counts the first choice only (llama.cpp's server, which reports `timings`,
    /// counts only the first prompt of a list and the first of `n` choices).
    case answered([Int: ReceivedChoice], extra: Int, malformed: Int, usage: TokenUsage?, usageOfFirstChoice: Bool = false)
    /// Worth retrying: 429, 5xx, 408/409, a connection error, a timeout, an unreadable body.
    case retryable(RetryReason, retryAfter: Double?)
    /// A 4xx that retrying cannot fix.
    case rejected(status: Int, message: String)
}

/// Why an exchange is retried; also the name of the counter it increments.
enum RetryReason: String, Sendable {
    case rateLimited = "http_429"
    case serverError = "http_5xx"
    case otherStatus = "http_retryable"
    case connection = "connection_errors"
    case timeout = "timeouts"
    case malformed = "malformed_responses"
}

/// Sends prompts to an OpenAI-compatible server and validates the answers.
///
/// The API key (read once from the environment) goes only into the `Authorization`
/// header; every message built from a response passes through ``redact(_:secret:)``.
final class OpenAIClient: Sendable {
    let options: OpenAITeacherOptions
    let endpoint: URL
    let apiKey: String?
    /// The connection pool (AsyncHTTPClient on SwiftNIO's shared event loops).
    let http: HTTPClient

    init(options: OpenAITeacherOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws(TeacherError) {
        try options.validate()
        self.options = options
        var base = options.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let endpoint = URL(string: base + options.api.path) else {
            throw .invalidOptions("base_url '\(options.baseURL.absoluteString)' does not make a valid URL")
        }
        self.endpoint = endpoint
        let variable = options.apiKeyEnv ?? OpenAITeacherOptions.defaultAPIKeyVariable
        if let key = environment[variable], !key.isEmpty {
            apiKey = key
        } else if let named = options.apiKeyEnv {
            throw .missingAPIKey(variable: named)
        } else {
            apiKey = nil
        }
        // One kept-alive HTTP/1.1 connection per in-flight slot: the pool opens at most
        // `concurrency` connections to the server and reuses them (the stage never has more
        // requests in flight). A connection that cannot be made fails its request at once
        // (counted and retried by the teacher's own backoff) rather than being retried here.
        var config = HTTPClient.Configuration()
        config.httpVersion = .http1Only
        config.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(options.concurrency, 1))
        config.connectionPool.retryConnectionEstablishment = false
        config.decompression = .disabled
        // Each request's own limit is its deadline (see `send`); this one bounds a body that
        // stalls after the headers arrived, at the longest limit a request can have.
        config.timeout = .init(read: Self.timeAmount(options.timeoutSeconds * Self.maxTimeoutGrowth))
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    // Non-blocking: the callback form never waits on an event loop (a `syncShutdown` here
    // could, when the last reference goes away on one); requests still in flight fail.
    deinit { http.shutdown { _ in } }

    /// `seconds` as a NIO time amount (whole nanoseconds, at least one).
    static func timeAmount(_ seconds: Double) -> TimeAmount {
        .nanoseconds(Int64(max(seconds, 1e-9) * 1_000_000_000))
    }

    /// How much longer than `timeout_s` a request may wait after earlier attempts timed out:
    /// each timeout doubles the next attempt's limit, up to this factor. A generation that
    /// outlasts `timeout_s` is not asked for again with the same limit (the server would
    /// start it over while the abandoned one runs on).
    static let maxTimeoutGrowth = 8.0

    /// The JSON body for one prompt with the pipeline's seed.
    func body(for prompts: [Prompt]) -> JSONValue {
        body(for: RequestShape(prompts: prompts, seed: options.seed))
    }

    /// The JSON body for `shape` (prompts all `.text` for completions; one `.chat` for
    /// chat), with `teacher.extra_body` merged over it.
    func body(for shape: RequestShape) -> JSONValue {
        let prompts = shape.prompts
        var fields: [(String, JSONValue)] = [("model", .string(options.model))]
        switch options.api {
        case .completions:
            let texts: [JSONValue] = prompts.map {
                if case .text(let s) = $0 { return .string(s) }
                return $0.jsonValue
            }
            fields.append(("prompt", .array(texts)))
        case .chat:
            fields.append(("messages", prompts.first?.jsonValue ?? .array([])))
        }
        fields.append(("max_tokens", .int(options.maxTokens)))
        fields.append(("temperature", .double(options.temperature)))
        if let topP = options.topP { fields.append(("top_p", .double(topP))) }
        if !options.stop.isEmpty { fields.append(("stop", .array(options.stop.map(JSONValue.string)))) }
        if let seed = shape.seed { fields.append(("seed", .int(seed))) }
        fields.append(("n", .int(shape.n)))
        for (key, value) in options.extraBody {
            if let i = fields.firstIndex(where: { $0.0 == key }) { fields[i].1 = value } else { fields.append((key, value)) }
        }
        return .object(fields)
    }

    /// Sends one request for `prompts` (one completion each, the pipeline's seed).
    func send(_ prompts: [Prompt]) async -> ExchangeOutcome {
        await send(RequestShape(prompts: prompts, seed: options.seed))
    }

    /// Sends one request and classifies the answer.
    func send(_ shape: RequestShape) async -> ExchangeOutcome {
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(string: body(for: shape).jsonText()))

        let status: Int
        let retryAfter: String?
        let data: Data
        do {
            // The deadline covers connecting, sending and waiting for the answer's head;
            // the body is then read under the client's read timeout.
            let response = try await http.execute(request, timeout: Self.timeAmount(shape.timeout ?? options.timeoutSeconds))
            status = Int(response.status.code)
            retryAfter = response.headers.first(name: "Retry-After")
            let buffer = try await response.body.collect(upTo: .max)
            data = Data(buffer.readableBytesView)
        } catch let error as HTTPClientError where Self.timeouts.contains(error) {
            return .retryable(.timeout, retryAfter: nil)
        } catch {
            return .retryable(.connection, retryAfter: nil)
        }
        if status == 429 {
            return .retryable(.rateLimited, retryAfter: RetryPolicy.retryAfter(retryAfter))
        }
        if status >= 500 {
            return .retryable(.serverError, retryAfter: RetryPolicy.retryAfter(retryAfter))
        }
        if status == 408 || status == 409 { return .retryable(.otherStatus, retryAfter: nil) }
        if !(200..<300).contains(status) {
            return .rejected(status: status, message: redact(Self.errorMessage(data), secret: apiKey))
        }
        let outcome = Self.parse(data, expected: shape.expected, api: options.api)
        if case .rejected(let status, let message) = outcome { return .rejected(status: status, message: redact(message, secret: apiKey)) }
        return outcome
    }

    /// The client's errors that mean a time limit ran out.
    static let timeouts: [HTTPClientError] = [
        .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
    ]

    /// The server's `error.message`, or the start of the body (when there is no message,
    /// or it is blank).
    static func errorMessage(_ data: Data) -> String {
        if let object = try? JSONValue(parsing: data) {
            let candidates = [object["error"]?["message"], object["error"], object["message"]]
            for case let message? in candidates.map({ $0?.stringValue })
            where !message.allSatisfy(\.isWhitespace) {
                return message
            }
        }
        let text = String(decoding: data.prefix(500), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : text
    }

    /// Validates a 2xx body: `choices` must be a list; each choice needs an `index` in
    /// range (its position is used when the server omits it) and a string `text`
    /// (completions) or `message.content` (chat). Duplicates and out-of-range indices are
    /// counted as extra. A body that is not JSON (cut short on the way) is retried; JSON
    /// without a `choices` list is another API answering — llama.cpp's own `/completions`
    /// when `base_url` lacks `/v1` — and retrying cannot fix it.
    static func parse(_ data: Data, expected: Int, api: TeacherAPI) -> ExchangeOutcome {
        guard let object = try? JSONValue(parsing: data) else { return .retryable(.malformed, retryAfter: nil) }
        guard let choices = object["choices"]?.arrayValue else {
            let start = String(decoding: data.prefix(300), as: UTF8.self)
            return .rejected(
                status: 200,
                message: "the body is not an OpenAI \(api == .chat ? "chat completion" : "completion") (it has no \"choices\" list; "
                    + "does base_url end in /v1?): \(start)")
        }
        var received: [Int: ReceivedChoice] = [:]
        var extra = 0
        var malformed = 0
        for (position, choice) in choices.enumerated() {
            guard case .object = choice else {
                malformed += 1
                continue
            }
            let index: Int
            if choice["index"] == nil || choice["index"] == .null {
                index = position
            } else if let n = choice["index"]?.intValue {
                index = n
            } else {
                malformed += 1
                continue
            }
            let text: String?
            switch api {
            case .completions: text = choice["text"]?.stringValue
            case .chat: text = choice["message"]?["content"]?.stringValue
            }
            guard let text else {
                malformed += 1
                continue
            }
            guard index >= 0, index < expected, received[index] == nil else {
                extra += 1
                continue
            }
            received[index] = ReceivedChoice(
                text: text, finishReason: choice["finish_reason"]?.stringValue, usage: choice["usage"].flatMap(Self.usage))
        }
        let llamaCpp = object["timings"]?["predicted_n"] != nil
        return .answered(
            received, extra: extra, malformed: malformed, usage: object["usage"].flatMap(Self.usage),
            usageOfFirstChoice: llamaCpp && choices.count > 1)
    }

    /// An OpenAI `usage` object: `prompt_tokens`, `completion_tokens` and
    /// `prompt_tokens_details.cached_tokens` (llama.cpp: `tokens_cached` is not read; a
    /// server without the details reports none cached). `nil` unless both counts are
    /// non-negative integers.
    static func usage(_ value: JSONValue) -> TokenUsage? {
        guard let prompt = value["prompt_tokens"]?.intValue, let completion = value["completion_tokens"]?.intValue,
            prompt >= 0, completion >= 0
        else { return nil }
        let cached = value["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0
        return TokenUsage(
            promptTokens: prompt, completionTokens: completion, cachedPromptTokens: min(max(cached, 0), prompt))
    }
}
