import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseTeacher

/// Several samples per prompt (`n`, or seeds where the server ignores `n`),
/// `teacher.extra_body` and `teacher.retry_empty`, against the loopback server.
@Suite(.serialized)
struct SamplesAndRequestShapeTests {
    static let skip = FakeServer.unavailableReason
    let harness = OpenAITeacherTests()
    /// Five sample templates with a planted majority (samples 0, 2 and 4 say entailment).
    static let planted = "E {hash}.\nAnswer: entailment|N {hash}.\nAnswer: neutral|E2 {hash}.\nAnswer: entailment|nothing|E3.\nAnswer: entailment"

    func expected(_ sample: Int, _ text: String) -> String {
        let templates = Self.planted.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let hash = String(harness.expectedReply(text).dropFirst("Rationale ".count).prefix(12))
        return templates[sample % templates.count].replacingOccurrences(of: "{hash}", with: hash)
    }

    @Test("k samples: one request with n = k per prompt, each sample cached on its own, a resume sends none")
    func samplesWithN() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        for api in [TeacherAPI.completions, .chat] {
            let dir = try temporaryDirectory()
            let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
            let server = try FakeServer(arguments: ["--sample-replies", Self.planted], directory: dir)
            let opts = harness.options(server, batchSize: api == .chat ? 1 : 4, api: api)
            let records = promptedRecords(6, chat: api == .chat)
            let stage = try TeacherStage(kind: .openai(opts), cache: cache, samples: 5)
            let (out, _) = try await harness.run(stage, records, batch: 3)
            let requests = try server.requests()
            #expect(requests.count == 6, "\(api)")
            #expect(requests.allSatisfy { ($0["body"] as? [String: Any])?["n"] as? Int == 5 })
            for (record, answer) in zip(records, out) where api == .completions {
                guard case .text(let text) = record.prompt else { continue }
                #expect(answer.samples.map(\.completion) == (0..<5).map { expected($0, text) })
            }
            #expect(out.allSatisfy { $0.samples.count == 5 && $0.failure == nil && $0.usage?.completions == 5 })
            #expect(try cache.stats().entries == 30)

            let again = try FakeServer(directory: dir)
            let stage2 = try TeacherStage(kind: .openai(harness.options(again, batchSize: 4, api: api)), cache: cache, samples: 5)
            let (out2, _) = try await harness.run(stage2, records, batch: 3)
            #expect(try again.requests().isEmpty)
            #expect(out2.map(\.samples) == out.map(\.samples))
            #expect(out2.map(\.usage) == out.map(\.usage))
        }
    }

    @Test("a server that ignores n: the other samples are asked one by one with seed + sample index")
    func serverIgnoringN() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(arguments: ["--sample-replies", Self.planted, "--ignore-n"], directory: dir)
        let records = promptedRecords(4)
        let stage = try TeacherStage(kind: .openai(harness.options(server, concurrency: 1)), cache: nil, samples: 5)
        let (out, counts) = try await harness.run(stage, records, batch: 4)
        for (record, answer) in zip(records, out) {
            guard case .text(let text) = record.prompt else { continue }
            #expect(answer.samples.map(\.completion) == (0..<5).map { expected($0, text) })
        }
        let bodies = try server.requests().compactMap { $0["body"] as? [String: Any] }
        let seeds = bodies.filter { ($0["n"] as? Int) == 1 }.compactMap { $0["seed"] as? Int }
        #expect(seeds.sorted() == (1...4).flatMap { Array(repeating: $0, count: 4) })
        #expect(counts["missing_choices"] ?? 0 >= 4)
    }

    @Test("extra_body is merged into every body and is part of the cache key")
    func extraBody() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(directory: dir)
        var opts = harness.options(server)
        opts.extraBody = [("chat_template_kwargs", ["enable_thinking": false]), ("temperature", 0.3)]
        let stage = try TeacherStage(kind: .openai(opts), cache: nil)
        _ = try await harness.run(stage, promptedRecords(3))
        let body = try #require(try server.requests().first?["body"] as? [String: Any])
        #expect((body["chat_template_kwargs"] as? [String: Any])?["enable_thinking"] as? Bool == false)
        #expect(body["temperature"] as? Double == 0.3)
        let prompt = Prompt.text("Q")
        var plain = opts
        plain.extraBody = []
        #expect(CacheKey(prompt: prompt, options: opts) != CacheKey(prompt: prompt, options: plain))
        // Without extra_body the key is the one made before it existed.
        #expect(CacheKey(prompt: prompt, options: plain, sample: 0, retry: 0) == CacheKey(prompt: prompt, options: plain))
    }

    @Test("retry_empty asks again with a new seed; every answer is cached, a rerun sends nothing")
    func retryEmpty() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
        // Seed absent (the first ask): empty; seed 1 (the first re-ask): an answer.
        let server = try FakeServer(arguments: ["--sample-replies", " |Good {sample}."], directory: dir)
        var opts = harness.options(server, batchSize: 3)
        opts.retryEmpty = 2
        let records = promptedRecords(5)
        let stage = try TeacherStage(kind: .openai(opts), cache: cache)
        let (out, counts) = try await harness.run(stage, records)
        #expect(out.map(\.completion) == Array(repeating: "Good 1.", count: 5))
        #expect(counts["empty_completions"] == 5)
        #expect(counts["empty_retries"] == 5)
        #expect(try cache.stats().entries == 10)
        #expect(out.allSatisfy { $0.usage?.completions == 2 })

        let again = try FakeServer(directory: dir)
        opts.baseURL = again.baseURL
        let (out2, _) = try await harness.run(try TeacherStage(kind: .openai(opts), cache: cache), records)
        #expect(try again.requests().isEmpty)
        #expect(out2.map(\.completion) == out.map(\.completion))

        // Without retries the empty answer is kept (the parser filters it).
        let plain = try FakeServer(arguments: ["--sample-replies", " |Good {sample}."], directory: dir)
        let (out3, _) = try await harness.run(try TeacherStage(kind: .openai(harness.options(plain)), cache: nil), records)
        #expect(out3.allSatisfy { $0.completion == " " })
    }

    @Test("a generation longer than timeout_s is asked again with a longer limit, not started over with the same")
    func timeoutGrows() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(faults: "delay=1.4@*", directory: dir)
        var opts = harness.options(server, batchSize: 2)
        opts.timeoutSeconds = 1
        opts.maxRetries = 3
        let stage = try TeacherStage(kind: .openai(opts), cache: nil)
        let (out, counts) = try await harness.run(stage, promptedRecords(2))
        #expect(out.allSatisfy { $0.completion != nil && $0.attempts == 2 })
        #expect(counts["timeouts"] == 1)
    }

    @Test("a server that refuses n (llama.cpp: n above its slots is HTTP 400) is asked one sample per request")
    func serverRefusingN() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(faults: #"400@~"n":5"#, arguments: ["--sample-replies", Self.planted], directory: dir)
        let records = promptedRecords(3)
        let stage = try TeacherStage(kind: .openai(harness.options(server, concurrency: 1)), cache: nil, samples: 5)
        let (out, counts) = try await harness.run(stage, records, batch: 3)
        for (record, answer) in zip(records, out) {
            guard case .text(let text) = record.prompt else { continue }
            #expect(answer.samples.map(\.completion) == (0..<5).map { expected($0, text) })
        }
        #expect(counts["n_refused"] == 1)
        #expect(try server.requests().filter { $0["status"] as? Int == 400 }.count == 1)
    }

    @Test("llama.cpp's usage of a list or of n choices counts the first choice: the others are estimated")
    func llamaCppUsage() throws {
        let body = #"""
            {"choices": [{"text": " a b c", "index": 0, "finish_reason": "stop"}, {"text": " de", "index": 1, "finish_reason": "stop"}],
             "object": "text_completion", "usage": {"completion_tokens": 3, "prompt_tokens": 23, "total_tokens": 26,
             "prompt_tokens_details": {"cached_tokens": 22}}, "timings": {"cache_n": 22, "prompt_n": 1, "predicted_n": 3}}
            """#
        guard case .answered(let choices, _, _, let usage, let firstOnly) = OpenAIClient.parse(Data(body.utf8), expected: 2, api: .completions)
        else {
            Issue.record("not answered")
            return
        }
        #expect(firstOnly)
        let dir = try temporaryDirectory()
        let teacher = try OpenAITeacher(
            options: OpenAITeacherOptions(baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m"), cache: nil,
            environment: [:])
        let shares = teacher.share(
            usage, choices: choices, shape: RequestShape(prompts: [.text("first prompt"), .text("second")]), firstChoiceOnly: firstOnly)
        #expect(shares[0] == TokenUsage(promptTokens: 23, completionTokens: 3, cachedPromptTokens: 22, completions: 1))
        #expect(shares[1] == TokenUsage.estimate(promptBytes: 6, completionBytes: 3))
        try? FileManager.default.removeItem(at: dir)
    }
}
