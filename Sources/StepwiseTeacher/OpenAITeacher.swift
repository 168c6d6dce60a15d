import Foundation
import StepwiseCore

/// The `openai` teacher: cache lookups, batching, bounded concurrency, rate limits,
/// retries, and a durable cache write before any completion is used.
///
/// For a batch of records: identical prompts are asked once; prompts in the cache are
/// served from it; the rest go out in requests of `batchSize` prompts (`completions`) or
/// one conversation (`chat`), at most `concurrency` in flight across the stage. Each
/// response is validated; the completions it holds are stored in the cache in one
/// transaction and only then used; prompts it lacks are sent again (alone — a prompt
/// that got its answer is never re-sent). 429 / 5xx / 408 / 409, connection errors,
/// timeouts and unreadable bodies are retried up to `maxRetries` times with backoff
/// (or the server's `Retry-After`); a prompt still unanswered then gets
/// `completion = nil` and a `failure`, is counted as `teacher_failed`, and is asked again
/// on the next run. Any other 4xx stops the run with the server's message.
///
/// Counters (stage counts): `requests`, `retries`, `cache_hits`, `deduplicated`,
/// `completions_received`, `teacher_failed`, `finish_length`, `missing_choices`,
/// `extra_choices`, `malformed_choices`, and one per retry reason (`http_429`, `http_5xx`,
/// `http_retryable`, `connection_errors`, `timeouts`, `malformed_responses`); gauge
/// `requests_in_flight`.
final class OpenAITeacher: TeacherBackend {
    let options: OpenAITeacherOptions
    let client: OpenAIClient
    let cache: CompletionCache?
    let limiter: ConcurrencyLimiter
    let rateLimiter: RateLimiter
    let coalescer = RequestCoalescer()
    let policy: RetryPolicy
    /// `--verbose` output: retries and their causes.
    let detail: @Sendable (String) -> Void

    init(
        options: OpenAITeacherOptions, cache: CompletionCache?, environment: [String: String],
        detail: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(TeacherError) {
        self.options = options
        self.detail = detail
        self.client = try OpenAIClient(options: options, environment: environment)
        self.cache = cache
        self.limiter = ConcurrencyLimiter(limit: options.concurrency)
        self.rateLimiter = RateLimiter(requestsPerMinute: options.requestsPerMinute, tokensPerMinute: options.tokensPerMinute)
        self.policy = RetryPolicy(baseSeconds: options.backoffBaseSeconds, maxSeconds: options.backoffMaxSeconds)
    }

    var settings: JSONValue {
        .object(options.canonicalFields + [("cache", .optional(cache?.path.path))])
    }

    func answer(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        let counters = context.counters
        let keys = batch.map { CacheKey(prompt: $0.prompt, options: options) }
        var prompts: [CacheKey: Prompt] = [:]
        var distinct: [CacheKey] = []
        for (i, key) in keys.enumerated() where prompts[key] == nil {
            prompts[key] = batch[i].prompt
            distinct.append(key)
        }
        let (mine, others) = coalescer.claim(distinct)
        var outcomes: [CacheKey: KeyOutcome] = [:]
        var unresolved = Set(mine)
        do {
            let hits = try cache?.lookup(mine) ?? [:]
            for (key, hit) in hits {
                let outcome = KeyOutcome(
                    completion: hit.completion, finishReason: hit.finishReason, failure: nil, attempts: 0, fromCache: true)
                outcomes[key] = outcome
                coalescer.resolve(key, outcome)
                unresolved.remove(key)
            }
            let toSend = mine.filter { hits[$0] == nil }
            let perRequest = options.api == .completions ? options.batchSize : 1
            let chunks = stride(from: 0, to: toSend.count, by: perRequest).map {
                Array(toSend[$0..<min(toSend.count, $0 + perRequest)]).map { ($0, prompts[$0]!) }
            }
            try await withThrowingTaskGroup(of: [(CacheKey, KeyOutcome)].self) { group in
                for chunk in chunks {
                    group.addTask { try await self.request(chunk, counters: counters) }
                }
                for try await settled in group {
                    for (key, outcome) in settled {
                        outcomes[key] = outcome
                        unresolved.remove(key)
                    }
                }
            }
        } catch {
            for key in unresolved {
                coalescer.resolve(key, KeyOutcome(completion: nil, failure: "the run stopped: \(error)", attempts: 0, fromCache: false))
            }
            throw error
        }
        // Prompts another batch was already asking for.
        if !others.isEmpty {
            var late: [CacheKey] = []
            for key in others {
                if let outcome = await coalescer.wait(for: key) { outcomes[key] = outcome } else { late.append(key) }
            }
            let hits = try cache?.lookup(late) ?? [:]
            for key in late {
                if let hit = hits[key] {
                    outcomes[key] = KeyOutcome(
                        completion: hit.completion, finishReason: hit.finishReason, failure: nil, attempts: 0, fromCache: true)
                } else {
                    outcomes[key] = KeyOutcome(
                        completion: nil, failure: "the request for an identical prompt in another batch failed",
                        attempts: 0, fromCache: false)
                }
            }
        }

        var seen = Set<CacheKey>()
        var out: [TeacherRecord] = []
        out.reserveCapacity(batch.count)
        var cacheHits = 0
        var deduplicated = 0
        var failed = 0
        for (i, record) in batch.enumerated() {
            let key = keys[i]
            let outcome = outcomes[key] ?? KeyOutcome(completion: nil, failure: "no answer", attempts: 0, fromCache: false)
            let first = seen.insert(key).inserted
            var cached = outcome.fromCache
            var attempts = outcome.attempts
            if !first {
                if !cached && outcome.completion != nil { deduplicated += 1 }
                cached = cached || outcome.completion != nil
                attempts = 0
            }
            if outcome.completion == nil {
                failed += 1
            } else if cached {
                cacheHits += 1
            }
            out.append(
                TeacherRecord(
                    prompted: record, completion: outcome.completion, cached: cached && outcome.completion != nil,
                    attempts: attempts, failure: outcome.completion == nil ? (outcome.failure ?? "no answer") : nil,
                    finishReason: outcome.finishReason))
        }
        if cacheHits > 0 { context.count("cache_hits", cacheHits) }
        if deduplicated > 0 { context.count("deduplicated", deduplicated) }
        if failed > 0 { context.count("teacher_failed", failed) }
        return out
    }

    /// Settles one request's prompts: sends, retries what is missing, stores what arrives.
    private func request(_ chunk: [(CacheKey, Prompt)], counters: StageCounters) async throws -> [(CacheKey, KeyOutcome)] {
        var pending = chunk
        var attempts: [CacheKey: Int] = [:]
        var settled: [(CacheKey, KeyOutcome)] = []
        var retry = 0
        func settle(_ key: CacheKey, _ outcome: KeyOutcome) {
            settled.append((key, outcome))
            coalescer.resolve(key, outcome)
        }
        while !pending.isEmpty {
            try Task.checkCancellation()
            let tokens = pending.reduce(0) { total, item in
                let size: Int
                switch item.1 {
                case .text(let s): size = s.utf8.count
                case .chat(let messages): size = messages.reduce(0) { $0 + $1.content.utf8.count }
                }
                return total + size / 4 + options.maxTokens
            }
            try await rateLimiter.acquire(tokens: tokens)
            await limiter.acquire()
            counters.adjustGauge("requests_in_flight", by: 1)
            let exchange = await client.send(pending.map(\.1))
            counters.adjustGauge("requests_in_flight", by: -1)
            limiter.release()
            counters.add("requests")
            for (key, _) in pending { attempts[key, default: 0] += 1 }

            let failure: String
            var delay: Double? = nil
            switch exchange {
            case .answered(let choices, let extra, let malformed):
                if extra > 0 { counters.add("extra_choices", extra) }
                if malformed > 0 { counters.add("malformed_choices", malformed) }
                var entries: [CacheEntry] = []
                for (position, choice) in choices.sorted(by: { $0.key < $1.key }) {
                    entries.append(
                        CacheEntry(
                            key: pending[position].0, completion: choice.text, finishReason: choice.finishReason,
                            model: options.model, origin: "request"))
                }
                // Durable before use: a crash after this line loses nothing that was paid for.
                try cache?.store(entries)
                counters.add("completions_received", entries.count)
                for (position, choice) in choices {
                    if choice.finishReason == "length" { counters.add("finish_length") }
                    let key = pending[position].0
                    settle(
                        key,
                        KeyOutcome(
                            completion: choice.text, finishReason: choice.finishReason, failure: nil,
                            attempts: attempts[key] ?? 1, fromCache: false))
                }
                let missing = pending.indices.filter { choices[$0] == nil }.map { pending[$0] }
                if missing.isEmpty { return settled }
                counters.add("missing_choices", missing.count)
                failure = "the server's answers lacked a choice for this prompt"
                pending = missing
            case .retryable(let reason, let retryAfter):
                counters.add(reason.rawValue)
                failure = Self.describe(reason)
                delay = retryAfter
                if retryAfter == nil { delay = policy.backoff(retry: retry + 1) }
            case .rejected(let status, let message):
                for (key, _) in pending {
                    settle(key, KeyOutcome(completion: nil, failure: "HTTP \(status)", attempts: attempts[key] ?? 1, fromCache: false))
                }
                throw TeacherError.requestRejected(status: status, url: client.endpoint.absoluteString, message: message)
            }
            retry += 1
            if retry > options.maxRetries {
                for (key, _) in pending {
                    settle(
                        key,
                        KeyOutcome(
                            completion: nil, failure: "gave up after \(attempts[key] ?? 0) attempts: \(failure)",
                            finishReason: nil, attempts: attempts[key] ?? 0))
                }
                return settled
            }
            counters.add("retries")
            let prompts = pending.count == 1 ? "1 prompt" : "\(pending.count) prompts"
            detail(
                "teacher: retry \(retry) of \(options.maxRetries) for \(prompts) in \(String(format: "%.2f", delay ?? 0)) s: "
                    + "\(failure) (\(client.endpoint.absoluteString))")
            if let delay, delay > 0 {
                try await Task.sleep(nanoseconds: UInt64(min(delay, policy.maxRetryAfterSeconds) * 1e9))
            }
        }
        return settled
    }

    static func describe(_ reason: RetryReason) -> String {
        switch reason {
        case .rateLimited: return "rate limited (HTTP 429)"
        case .serverError: return "server error (HTTP 5xx)"
        case .otherStatus: return "HTTP 408/409"
        case .connection: return "connection error"
        case .timeout: return "timed out"
        case .malformed: return "the response was not the expected JSON"
        }
    }
}

extension KeyOutcome {
    init(completion: String?, failure: String?, finishReason: String?, attempts: Int) {
        self.init(completion: completion, finishReason: finishReason, failure: failure, attempts: attempts, fromCache: false)
    }
}
