import Foundation
import StepwiseCore
import Synchronization

/// The `openai` teacher: cache lookups, batching, bounded concurrency, rate limits,
/// retries, a spending budget, and a durable cache write before any completion is used.
///
/// For a batch of records: identical prompts are asked once; each prompt needs
/// `teacher.samples` completions (sample 0…k-1, each its own cache entry); those in the
/// cache are served from it; the rest go out:
/// - one sample per prompt: requests of `batchSize` prompts (`completions`) or one
///   conversation (`chat`), with the pipeline's seed;
/// - several: one request per prompt with `n` = the samples it lacks; when the server
///   answers with fewer choices than `n` (it ignores `n`), the rest — and from then on
///   every sample — are asked one request each with seed `teacher.seed` + sample index.
/// At most `concurrency` requests are in flight across the stage. Each response is
/// validated; the completions it holds are stored in the cache with their token usage in
/// one transaction and only then used; prompts it lacks are sent again alone (a prompt that
/// got its answer is never re-sent). With `teacher.retry_empty`, an empty completion or
/// one cut at `max_tokens` is asked again with another seed (each re-ask is cached too).
/// 429 / 5xx / 408 / 409, connection errors, timeouts and unreadable bodies are retried up
/// to `maxRetries` times with backoff (or the server's `Retry-After`), each timeout doubling
/// the next attempt's time limit (up to 8 × `timeout_s`); a prompt still
/// unanswered then gets `completion = nil` and a `failure`, and is asked again on the
/// next run. Any other 4xx stops the run with the server's message. With `maxCost`, a
/// request that could take the spend past it is not sent: the requests in flight finish
/// and are stored, then the run stops with ``TeacherError/budgetReached(spent:budget:)``.
///
/// Counters (stage counts): `requests`, `retries`, `cache_hits`, `deduplicated`,
/// `completions_received`, `teacher_failed`, `finish_length`, `empty_completions`,
/// `empty_retries`, `missing_choices`, `extra_choices`, `malformed_choices`,
/// `prompt_tokens`, `completion_tokens`, `cached_prompt_tokens`, `estimated_usage`
/// (completions whose tokens the server did not report), `spent_micros` (the cost of this
/// run's requests, in millionths of the price's currency), and one per retry reason
/// (`http_429`, `http_5xx`, `http_retryable`, `connection_errors`, `timeouts`,
/// `malformed_responses`); gauge `requests_in_flight`.
final class OpenAITeacher: TeacherBackend {
    let options: OpenAITeacherOptions
    let client: OpenAIClient
    let cache: CompletionCache?
    let limiter: ConcurrencyLimiter
    let rateLimiter: RateLimiter
    let coalescer = RequestCoalescer()
    let policy: RetryPolicy
    /// `teacher.samples`.
    let samples: Int
    let budget: SpendBudget?
    /// Whether the server honours `n` (nil until a request with `n` > 1 tells).
    private let serverHonoursN = Mutex<Bool?>(nil)
    /// The error that stopped the run: once set, no request is sent any more (requests
    /// waiting for a slot in this and other batches give up instead of reaching the server).
    private let stopped = Mutex<TeacherError?>(nil)
    /// `--verbose` output: retries and their causes.
    let detail: @Sendable (String) -> Void

    init(
        options: OpenAITeacherOptions, cache: CompletionCache?, environment: [String: String], samples: Int = 1,
        spentBefore: Double = 0, detail: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(TeacherError) {
        self.options = options
        self.detail = detail
        self.samples = max(1, samples)
        self.client = try OpenAIClient(options: options, environment: environment)
        self.cache = cache
        self.limiter = ConcurrencyLimiter(limit: options.concurrency)
        self.rateLimiter = RateLimiter(requestsPerMinute: options.requestsPerMinute, tokensPerMinute: options.tokensPerMinute)
        self.policy = RetryPolicy(baseSeconds: options.backoffBaseSeconds, maxSeconds: options.backoffMaxSeconds)
        if let maxCost = options.maxCost, let price = options.price {
            budget = SpendBudget(limit: maxCost, spentBefore: spentBefore, price: price)
        } else {
            budget = nil
        }
    }

    var settings: JSONValue {
        .object(options.canonicalFields + [("cache", .optional(cache?.path.path)), ("samples", .int(samples))])
    }

    /// One completion a batch needs: sample `sample` of the distinct prompt `prompt`.
    struct Slot: Sendable {
        var prompt: Int
        var sample: Int
        /// The first record of the batch with this prompt (named in errors).
        var recordID: String
        /// The claim key: the sample's first ask (retry 0).
        var key: CacheKey
    }

    func answer(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        let counters = context.counters
        let baseKeys = batch.map { CacheKey(prompt: $0.prompt, options: options) }
        var promptOf: [CacheKey: Int] = [:]
        var prompts: [Prompt] = []
        var promptKeys: [CacheKey] = []
        var recordIDs: [String] = []
        for (i, key) in baseKeys.enumerated() where promptOf[key] == nil {
            promptOf[key] = prompts.count
            prompts.append(batch[i].prompt)
            promptKeys.append(key)
            recordIDs.append(batch[i].source.id)
        }
        var slots: [CacheKey: Slot] = [:]
        var order: [CacheKey] = []
        for (p, prompt) in prompts.enumerated() {
            for j in 0..<samples {
                let key = j == 0 ? promptKeys[p] : CacheKey(prompt: prompt, options: options, sample: j)
                slots[key] = Slot(prompt: p, sample: j, recordID: recordIDs[p], key: key)
                order.append(key)
            }
        }
        var outcomes: [CacheKey: KeyOutcome] = [:]
        var remaining = order
        // Slots another batch was asking for are settled here after it finishes (from the
        // cache, or asked again if it failed).
        while !remaining.isEmpty {
            let (mine, others) = coalescer.claim(remaining)
            if !mine.isEmpty {
                let settled = try await settle(mine.map { slots[$0]! }, prompts: prompts, counters: counters)
                outcomes.merge(settled) { a, _ in a }
            }
            var late: [CacheKey] = []
            for key in others {
                if let outcome = await coalescer.wait(for: key) { outcomes[key] = outcome } else { late.append(key) }
            }
            remaining = late
        }
        if let budget, budget.isExhausted {
            await budget.waitUntilSettled()
            throw TeacherError.budgetReached(spent: budget.spent, budget: budget.limit)
        }

        var seen = Set<CacheKey>()
        var out: [TeacherRecord] = []
        out.reserveCapacity(batch.count)
        var cacheHits = 0
        var deduplicated = 0
        var failed = 0
        for (i, record) in batch.enumerated() {
            let p = promptOf[baseKeys[i]]!
            let first = seen.insert(baseKeys[i]).inserted
            var answers: [SampleAnswer] = []
            var usage: TokenUsage?
            var fromCache = true
            var attempts = 0
            for j in 0..<samples {
                let key = j == 0 ? baseKeys[i] : CacheKey(prompt: prompts[p], options: options, sample: j)
                let outcome = outcomes[key] ?? KeyOutcome(completion: nil, failure: "no answer", attempts: 0, fromCache: false)
                answers.append(
                    SampleAnswer(
                        completion: outcome.completion, finishReason: outcome.finishReason,
                        failure: outcome.completion == nil ? (outcome.failure ?? "no answer") : nil))
                if let u = outcome.usage { usage = (usage ?? .zero) + u }
                fromCache = fromCache && outcome.fromCache
                attempts += outcome.attempts
            }
            let complete = answers.allSatisfy { $0.completion != nil }
            var cached = fromCache
            if !first {
                if !cached && complete { deduplicated += 1 }
                cached = cached || complete
                attempts = 0
            }
            if !complete {
                failed += 1
            } else if cached {
                cacheHits += 1
            }
            let lead = answers[0]
            out.append(
                TeacherRecord(
                    prompted: record, completion: lead.completion, cached: cached && complete, attempts: attempts,
                    failure: complete ? nil : answers.compactMap(\.failure).first ?? "no answer",
                    finishReason: lead.finishReason, moreSamples: Array(answers.dropFirst()), usage: usage))
        }
        if cacheHits > 0 { context.count("cache_hits", cacheHits) }
        if deduplicated > 0 { context.count("deduplicated", deduplicated) }
        if failed > 0 { context.count("teacher_failed", failed) }
        return out
    }

    /// One slot on its way: which re-ask it is at, and what its asks have cost so far.
    struct Ask: Sendable {
        var slot: Slot
        var retry = 0
        var attempts = 0
        var usage: TokenUsage?
        var asked = false
        var key: CacheKey
        init(slot: Slot) {
            self.slot = slot
            self.key = slot.key
        }
    }

    /// Settles claimed slots: the cache first, then requests, then re-asks of empty
    /// completions (`retry_empty`), each round's misses sent concurrently. Every slot is
    /// resolved with the coalescer, also when the run stops.
    private func settle(_ slots: [Slot], prompts: [Prompt], counters: StageCounters) async throws -> [CacheKey: KeyOutcome] {
        var outcomes: [CacheKey: KeyOutcome] = [:]
        func resolve(_ ask: Ask, _ outcome: KeyOutcome) {
            outcomes[ask.slot.key] = outcome
            coalescer.resolve(ask.slot.key, outcome)
        }
        var round = slots.map(Ask.init)
        do {
            while !round.isEmpty {
                let hits = try cache?.lookup(round.map(\.key)) ?? [:]
                var next: [Ask] = []
                var toSend: [Ask] = []
                for var ask in round {
                    guard let hit = hits[ask.key] else {
                        toSend.append(ask)
                        continue
                    }
                    ask.usage = (ask.usage ?? .zero) + (hit.usage ?? estimate(prompts[ask.slot.prompt], hit.completion))
                    if isUsable(hit.completion, hit.finishReason) || ask.retry >= options.retryEmpty {
                        resolve(
                            ask,
                            KeyOutcome(
                                completion: hit.completion, finishReason: hit.finishReason, failure: nil,
                                attempts: ask.attempts, fromCache: !ask.asked, usage: ask.usage))
                    } else {
                        ask.retry += 1
                        ask.key = CacheKey(prompt: prompts[ask.slot.prompt], options: options, sample: ask.slot.sample, retry: ask.retry)
                        next.append(ask)
                    }
                }
                for sent in try await send(toSend, prompts: prompts, counters: counters) {
                    var state = sent.ask
                    state.asked = true
                    guard let answer = sent.answer else {
                        resolve(state, KeyOutcome(
                            completion: nil, failure: sent.failure ?? "no answer", finishReason: nil, attempts: state.attempts))
                        continue
                    }
                    if isUsable(answer.text, answer.finishReason) || state.retry >= options.retryEmpty {
                        resolve(
                            state,
                            KeyOutcome(
                                completion: answer.text, finishReason: answer.finishReason, failure: nil,
                                attempts: state.attempts, fromCache: false, usage: state.usage))
                    } else {
                        counters.add("empty_retries")
                        state.retry += 1
                        state.key = CacheKey(
                            prompt: prompts[state.slot.prompt], options: options, sample: state.slot.sample, retry: state.retry)
                        next.append(state)
                    }
                }
                round = next
            }
        } catch {
            for slot in slots where outcomes[slot.key] == nil {
                coalescer.resolve(slot.key, KeyOutcome(completion: nil, failure: "the run stopped: \(error)", attempts: 0, fromCache: false))
            }
            throw error
        }
        return outcomes
    }

    /// A completion worth keeping: not empty or blank, and not cut at `max_tokens`.
    func isUsable(_ text: String, _ finishReason: String?) -> Bool {
        finishReason != "length" && !text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// The usage of a completion whose server did not report one: UTF-8 bytes / 4.
    func estimate(_ prompt: Prompt, _ completion: String) -> TokenUsage {
        TokenUsage.estimate(promptBytes: prompt.byteCount, completionBytes: completion.utf8.count)
    }

    func seed(sample: Int, retry: Int) -> Int? { options.seed(sample: sample, retry: retry, samples: samples) }

    /// An ask after its request: the choice it got, or why not.
    struct Sent: Sendable {
        var ask: Ask
        var answer: ReceivedChoice?
        var failure: String?
    }

    /// Sends the asks the cache could not answer, grouped into requests, concurrently.
    private func send(_ asks: [Ask], prompts: [Prompt], counters: StageCounters) async throws -> [Sent] {
        guard !asks.isEmpty else { return [] }
        var requests: [[Ask]] = []
        var single: [Ask] = []
        let useN = samples > 1 && serverHonoursN.withLock { $0 } != false
        if samples == 1 {
            let first = asks.filter { $0.retry == 0 }
            let perRequest = options.api == .completions ? options.batchSize : 1
            requests = stride(from: 0, to: first.count, by: perRequest).map { Array(first[$0..<min(first.count, $0 + perRequest)]) }
            single = asks.filter { $0.retry > 0 }
        } else if useN {
            var byPrompt: [Int: [Ask]] = [:]
            var promptOrder: [Int] = []
            for ask in asks where ask.retry == 0 {
                if byPrompt[ask.slot.prompt] == nil { promptOrder.append(ask.slot.prompt) }
                byPrompt[ask.slot.prompt, default: []].append(ask)
            }
            requests = promptOrder.map { byPrompt[$0]! }
            single = asks.filter { $0.retry > 0 }
        } else {
            single = asks
        }
        requests += single.map { [$0] }
        var results: [Sent] = []
        try await withThrowingTaskGroup(of: [Sent].self) { group in
            for request in requests {
                group.addTask { try await self.request(request, prompts: prompts, counters: counters) }
            }
            for try await settled in group { results += settled }
        }
        return results
    }

    /// The shape of a request for `asks`: one prompt with `n` samples, or one sample each of
    /// several prompts.
    private func shape(_ asks: [Ask], prompts: [Prompt]) -> RequestShape {
        let onePrompt = asks.count > 1 && asks.allSatisfy { $0.slot.prompt == asks[0].slot.prompt }
        if onePrompt { return RequestShape(prompts: [prompts[asks[0].slot.prompt]], n: asks.count, seed: options.seed) }
        return RequestShape(
            prompts: asks.map { prompts[$0.slot.prompt] }, n: 1, seed: seed(sample: asks[0].slot.sample, retry: asks[0].retry))
    }

    /// Settles one request's asks: sends, retries failures, stores what arrives. Asks the
    /// server's answer lacked go out again one by one.
    private func request(_ asks: [Ask], prompts: [Prompt], counters: StageCounters) async throws -> [Sent] {
        var pending = asks
        var settled: [Sent] = []
        var retry = 0
        var timeouts = 0
        while !pending.isEmpty {
            try Task.checkCancellation()
            var shape = shape(pending, prompts: prompts)
            shape.timeout = options.timeoutSeconds * min(OpenAIClient.maxTimeoutGrowth, pow(2, Double(timeouts)))
            let promptTokens = shape.prompts.reduce(0) { $0 + $1.byteCount / 4 }
            let tokens = promptTokens + options.maxTokens * shape.expected
            let reservation = budget?.price.cost(promptTokens: promptTokens, completionTokens: options.maxTokens * shape.expected)
            if let budget, let reservation {
                guard budget.reserve(reservation) else {
                    for ask in pending {
                        settled.append(Sent(ask: ask, answer: nil, failure: "not sent: teacher.max_cost would be passed"))
                    }
                    return settled
                }
            }
            try await rateLimiter.acquire(tokens: tokens)
            await limiter.acquire()
            if let error = stopped.withLock({ $0 }) {
                limiter.release()
                if let reservation { budget?.settle(reservation, usage: nil) }
                throw error
            }
            if Task.isCancelled {
                limiter.release()
                if let reservation { budget?.settle(reservation, usage: nil) }
                throw CancellationError()
            }
            if shape.n > 1, serverHonoursN.withLock({ $0 }) == false {
                // Learned while this request waited for its slot.
                limiter.release()
                if let reservation { budget?.settle(reservation, usage: nil) }
                return settled + (try await oneByOne(pending, prompts: prompts, counters: counters))
            }
            counters.adjustGauge("requests_in_flight", by: 1)
            let exchange = await client.send(shape)
            // What a refusal means for the requests waiting for this slot is settled before
            // the slot is freed, so none of them goes out on an outdated assumption.
            if case .rejected(let status, let message) = exchange {
                if shape.n > 1 {
                    serverHonoursN.withLock { $0 = false }
                } else if pending.count == 1 || ![400, 413, 422].contains(status) {
                    let error = rejection(status: status, message: message, pending)
                    stopped.withLock { if $0 == nil { $0 = error } }
                }
            }
            counters.adjustGauge("requests_in_flight", by: -1)
            limiter.release()
            counters.add("requests")
            for i in pending.indices { pending[i].attempts += 1 }

            let failure: String
            var delay: Double? = nil
            switch exchange {
            case .answered(let choices, let extra, let malformed, let usage, let firstOnly):
                if extra > 0 { counters.add("extra_choices", extra) }
                if malformed > 0 { counters.add("malformed_choices", malformed) }
                if shape.n > 1 { serverHonoursN.withLock { $0 = choices.count > 1 || ($0 ?? false) } }
                let shares = share(usage, choices: choices, shape: shape, firstChoiceOnly: firstOnly)
                var entries: [CacheEntry] = []
                var cost = TokenUsage()
                for (position, choice) in choices.sorted(by: { $0.key < $1.key }) {
                    let spent = shares[position]!
                    cost += spent
                    pending[position].usage = (pending[position].usage ?? .zero) + spent
                    entries.append(
                        CacheEntry(
                            key: pending[position].key, completion: choice.text, finishReason: choice.finishReason,
                            model: options.model, origin: "request", usage: spent))
                }
                // Durable before use: a crash after this line loses nothing that was paid for.
                try cache?.store(entries)
                if let reservation { budget?.settle(reservation, usage: cost) }
                record(cost, counters: counters)
                counters.add("completions_received", entries.count)
                for (position, choice) in choices {
                    if choice.finishReason == "length" { counters.add("finish_length") }
                    if choice.text.unicodeScalars.allSatisfy(\.properties.isWhitespace) { counters.add("empty_completions") }
                    settled.append(Sent(ask: pending[position], answer: choice, failure: nil))
                }
                let missing = pending.indices.filter { choices[$0] == nil }.map { pending[$0] }
                if missing.isEmpty { return settled }
                counters.add("missing_choices", missing.count)
                if pending.count > 1 {
                    // Ask the rest one by one (a server that ignores `n` answers one choice).
                    return settled + (try await oneByOne(missing, prompts: prompts, counters: counters))
                }
                failure = "the server's answer lacked a choice for this prompt"
                pending = missing
            case .retryable(let reason, let retryAfter):
                if let reservation { budget?.settle(reservation, usage: nil) }
                counters.add(reason.rawValue)
                if reason == .timeout { timeouts += 1 }
                failure = Self.describe(reason)
                delay = retryAfter
                if retryAfter == nil { delay = policy.backoff(retry: retry + 1) }
            case .rejected(let status, let message):
                if let reservation { budget?.settle(reservation, usage: nil) }
                if shape.n > 1 {
                    // A server may refuse n above its limit (llama.cpp: n ≤ its parallel
                    // slots): ask one sample per request from now on.
                    counters.add("n_refused")
                    detail("teacher: the server refused n = \(shape.n) (HTTP \(status): \(message)); asking one sample per request")
                    return settled + (try await oneByOne(pending, prompts: prompts, counters: counters))
                }
                if pending.count > 1, [400, 413, 422].contains(status) {
                    // One prompt of a list may be at fault (too long for the context): ask each
                    // alone, so the others are answered and the culprit is named.
                    detail("teacher: HTTP \(status) for a list of \(pending.count) prompts (\(message)); asking each alone")
                    return settled + (try await oneByOne(pending, prompts: prompts, counters: counters))
                }
                throw rejection(status: status, message: message, pending)
            }
            retry += 1
            if retry > options.maxRetries {
                for ask in pending {
                    settled.append(Sent(ask: ask, answer: nil, failure: "gave up after \(ask.attempts) attempts: \(failure)"))
                }
                return settled
            }
            counters.add("retries")
            let what = pending.count == 1 ? "1 prompt" : "\(pending.count) prompts"
            detail(
                "teacher: retry \(retry) of \(options.maxRetries) for \(what) in \(String(format: "%.2f", delay ?? 0)) s: "
                    + "\(failure) (\(client.endpoint.absoluteString))")
            if let delay, delay > 0 {
                try await Task.sleep(nanoseconds: UInt64(min(delay, policy.maxRetryAfterSeconds) * 1e9))
            }
        }
        return settled
    }

    /// The error of a request the server refused, naming the first record it was for.
    private func rejection(status: Int, message: String, _ asks: [Ask]) -> TeacherError {
        let records = asks.count == 1 ? "record '\(asks[0].slot.recordID)'" : "records from '\(asks[0].slot.recordID)'"
        return .requestRejected(status: status, url: client.endpoint.absoluteString, message: "\(message) (\(records))")
    }

    /// Sends each ask in a request of its own (with its own seed), concurrently.
    private func oneByOne(_ asks: [Ask], prompts: [Prompt], counters: StageCounters) async throws -> [Sent] {
        try await withThrowingTaskGroup(of: [Sent].self) { group in
            for ask in asks { group.addTask { try await self.request([ask], prompts: prompts, counters: counters) } }
            var out: [Sent] = []
            for try await sent in group { out += sent }
            return out
        }
    }

    /// Each received choice's share of the response's usage: the choice's own `usage`
    /// where every choice has one; else the response's split (prompt tokens over the
    /// prompts by their length — all on the first choice for one prompt with `n` —,
    /// completion tokens over the choices by length, the remainders to the first); else
    /// estimated from the text (UTF-8 bytes / 4). When the usage counts the first choice
    /// only (`firstChoiceOnly`), it is that choice's and the others are estimated.
    func share(
        _ usage: TokenUsage?, choices: [Int: ReceivedChoice], shape: RequestShape, firstChoiceOnly: Bool = false
    ) -> [Int: TokenUsage] {
        let positions = choices.keys.sorted()
        func promptBytes(_ position: Int) -> Int { shape.prompts[shape.n > 1 ? 0 : position].byteCount }
        var out: [Int: TokenUsage] = [:]
        if firstChoiceOnly, var first = usage, positions.first == 0 {
            first.completions = 1
            out[0] = first
            for p in positions.dropFirst() {
                let bytes = shape.n > 1 ? 0 : promptBytes(p)
                out[p] = TokenUsage.estimate(promptBytes: bytes, completionBytes: choices[p]!.text.utf8.count)
            }
            return out
        }
        if positions.allSatisfy({ choices[$0]?.usage != nil }) {
            for p in positions {
                var u = choices[p]!.usage!
                u.completions = 1
                out[p] = u
            }
            return out
        }
        guard let usage else {
            for (k, p) in positions.enumerated() {
                let bytes = shape.n > 1 && k > 0 ? 0 : promptBytes(p)
                out[p] = TokenUsage.estimate(promptBytes: bytes, completionBytes: choices[p]!.text.utf8.count)
            }
            return out
        }
        let promptWeights = positions.enumerated().map { k, p in shape.n > 1 ? (k == 0 ? 1 : 0) : max(1, promptBytes(p)) }
        let completionWeights = positions.map { max(1, choices[$0]!.text.utf8.count) }
        let prompt = Self.split(usage.promptTokens, weights: promptWeights)
        let cached = Self.split(usage.cachedPromptTokens, weights: promptWeights)
        let completion = Self.split(usage.completionTokens, weights: completionWeights)
        for (k, p) in positions.enumerated() {
            out[p] = TokenUsage(
                promptTokens: prompt[k], completionTokens: completion[k], cachedPromptTokens: min(cached[k], prompt[k]),
                completions: 1)
        }
        return out
    }

    /// `total` split in proportion to `weights`, rounded down, the remainder to the first.
    static func split(_ total: Int, weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, !weights.isEmpty else { return weights.map { _ in 0 } }
        var parts = weights.map { Int((Double(total) * Double($0) / Double(sum)).rounded(.down)) }
        parts[0] += total - parts.reduce(0, +)
        return parts
    }

    /// Adds a response's tokens and cost to the live counters.
    private func record(_ usage: TokenUsage, counters: StageCounters) {
        counters.add("prompt_tokens", usage.promptTokens)
        counters.add("completion_tokens", usage.completionTokens)
        if usage.cachedPromptTokens > 0 { counters.add("cached_prompt_tokens", usage.cachedPromptTokens) }
        if usage.estimatedCompletions > 0 { counters.add("estimated_usage", usage.estimatedCompletions) }
        if let price = options.price {
            counters.add("spent_micros", Int((price.cost(of: usage) * 1_000_000).rounded()))
        }
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

extension Prompt {
    /// UTF-8 bytes of the text (all messages' contents for chat).
    var byteCount: Int {
        switch self {
        case .text(let s): return s.utf8.count
        case .chat(let messages): return messages.reduce(0) { $0 + $1.content.utf8.count }
        }
    }
}
