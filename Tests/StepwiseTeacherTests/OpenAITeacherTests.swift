import Crypto
import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseTeacher

/// The `openai` teacher against the fault-injecting loopback server.
@Suite(.serialized)
struct OpenAITeacherTests {
    static let skip = FakeServer.unavailableReason

    func options(_ server: FakeServer, batchSize: Int = 4, concurrency: Int = 3, api: TeacherAPI = .completions) -> OpenAITeacherOptions {
        OpenAITeacherOptions(
            baseURL: server.baseURL, model: "fake-model", api: api, batchSize: batchSize, concurrency: concurrency,
            maxTokens: 64, timeoutSeconds: 2, maxRetries: 6, backoffBaseSeconds: 0.01, backoffMaxSeconds: 0.05)
    }

    /// What the fake server answers for a prompt text.
    func expectedReply(_ text: String) -> String {
        let hex = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        return "Rationale \(hex.prefix(12)). So the answer is neutral."
    }

    /// Runs `records` through `stage` as concurrent batches of `batchSize`, like a flow with workers.
    func run(_ stage: TeacherStage, _ records: [PromptedRecord], batch: Int = 10) async throws -> ([TeacherRecord], [String: Int]) {
        let batches = stride(from: 0, to: records.count, by: batch).map { Array(records[$0..<min(records.count, $0 + batch)]) }
        let counters = StageCounters(name: "teacher")
        let results = try await withThrowingTaskGroup(of: (Int, [TeacherRecord], [String: Int]).self) { group in
            for (i, b) in batches.enumerated() {
                group.addTask {
                    var context = BatchContext(stage: "teacher", counters: counters)
                    let out = try await stage.process(b, context: &context)
                    return (i, out, context.extraCounts)
                }
            }
            var all: [(Int, [TeacherRecord], [String: Int])] = []
            for try await r in group { all.append(r) }
            return all.sorted { $0.0 < $1.0 }
        }
        var counts = counters.snapshot().counts
        for (_, _, extra) in results { for (k, v) in extra { counts[k, default: 0] += v } }
        return (results.flatMap(\.1), counts)
    }

    /// The prompts each successful response answered (per the log), to count answers per prompt.
    func answeredPrompts(_ requests: [[String: Any]]) -> [String] {
        var out: [String] = []
        for r in requests where (r["status"] as? Int) == 200 {
            guard let body = r["body"] as? [String: Any], let prompts = body["prompt"] as? [String] else { continue }
            let fault = r["fault"] as? String
            if fault == "malformed" { continue }
            if let fault, fault.hasPrefix("short") {
                let k = Int(fault.split(separator: "=").last ?? "1") ?? 1
                out += prompts.dropLast(fault.contains("=") ? k : 1)
            } else {
                out += prompts
            }
        }
        return out
    }

    @Test("faults: every record completes, each prompt is answered once, a second run sends nothing")
    func faultsThenResume() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
        // 60 records, 45 distinct prompts (records 45… repeat 0…).
        let records = promptedRecords(60, duplicateEvery: 45)
        let server = try FakeServer(
            faults: "429=0.2@2,500@3,malformed@4,short=2@6,extra@7,length@8,delay=0.2@9,503@11+12,drop@13", directory: dir)
        let stage = try TeacherStage(kind: .openai(options(server)), cache: cache)
        let (out, counts) = try await run(stage, records)

        #expect(out.count == 60)
        for (record, result) in zip(records, out) {
            guard case .text(let text) = record.prompt else { continue }
            #expect(result.completion == expectedReply(text), "record \(record.source.id)")
            #expect(result.failure == nil)
        }
        let requests = try server.requests()
        let answered = answeredPrompts(requests)
        #expect(Set(answered).count == 45)
        #expect(answered.count == 45, "a prompt that got its answer was sent again")
        #expect(requests.allSatisfy { (($0["body"] as? [String: Any])?["prompt"] as? [Any])?.count ?? 0 <= 4 })
        #expect(counts["http_429"] == 1)
        #expect(counts["http_5xx"] == 3)
        // A dropped connection is seen as a connection error (a client that re-sent the request
        // on a fresh connection and stalled until timeout_s would count a timeout instead).
        #expect((counts["connection_errors"] ?? 0) + (counts["timeouts"] ?? 0) == 1)
        #expect(counts["malformed_responses"] == 1)
        #expect(counts["missing_choices"] == 2)
        #expect(counts["extra_choices"] == 1)
        #expect((counts["finish_length"] ?? 0) >= 1)
        #expect(out.filter { $0.finishReason == "length" }.count >= 1)

        // Second run, fresh server and stage, same cache: nothing is sent.
        let again = try FakeServer(directory: dir)
        let stage2 = try TeacherStage(kind: .openai(options(again)), cache: cache)
        let (out2, counts2) = try await run(stage2, records)
        #expect(try again.requests().isEmpty)
        #expect(out2.map(\.completion) == out.map(\.completion))
        #expect(out2.allSatisfy { $0.cached && $0.attempts == 0 })
        #expect(counts2["cache_hits"] == 60)
    }

    @Test("batch size and the concurrency limit are respected across concurrent batches")
    func batchingAndConcurrency() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(delay: 0.05, directory: dir)
        let stage = try TeacherStage(kind: .openai(options(server, batchSize: 5, concurrency: 3)), cache: nil)
        let (out, _) = try await run(stage, promptedRecords(64), batch: 16)
        #expect(out.allSatisfy { $0.completion != nil && $0.attempts == 1 && !$0.cached })
        let requests = try server.requests()
        let sizes = requests.map { (($0["body"] as? [String: Any])?["prompt"] as? [Any])?.count ?? 0 }
        #expect(requests.count == 16)  // 4 batches of 16 → 5+5+5+1 each
        #expect(sizes.allSatisfy { $0 >= 1 && $0 <= 5 })
        #expect(sizes.reduce(0, +) == 64)
        let peak = requests.compactMap { $0["in_flight"] as? Int }.max() ?? 0
        #expect(peak <= 3)
        #expect(peak >= 2, "requests should overlap")
    }

    @Test("the API key goes only into the Authorization header")
    func keyOnlyInAuthorization() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let secret = "sk-test-5ECRET-\(UUID().uuidString)"
        let server = try FakeServer(faults: "500@1", directory: dir)
        var opts = options(server)
        opts.apiKeyEnv = "STEPWISE_TEST_KEY"
        let cachePath = dir.appendingPathComponent("cache.sqlite")
        let stage = try TeacherStage(kind: .openai(opts), cache: try CompletionCache(path: cachePath), environment: ["STEPWISE_TEST_KEY": secret])
        let (out, _) = try await run(stage, promptedRecords(8))
        #expect(out.allSatisfy { $0.completion != nil })
        let requests = try server.requests()
        #expect(!requests.isEmpty)
        for var r in requests {
            var headers = r["headers"] as? [String: String] ?? [:]
            #expect(headers["Authorization"] == "Bearer \(secret)")
            headers["Authorization"] = nil
            r["headers"] = headers
            let rest = String(decoding: try JSONSerialization.data(withJSONObject: r), as: UTF8.self)
            #expect(!rest.contains(secret))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasPrefix("cache") {
            let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name) holds the key")
        }
        for record in out { #expect(!record.jsonLine().contains(secret)) }
    }

    @Test("a 4xx that retrying cannot fix stops the run with the server's message, naming the record")
    func rejectedRequest() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(faults: "400@*", directory: dir)
        var opts = options(server, concurrency: 1)
        opts.apiKeyEnv = "K"
        let stage = try TeacherStage(kind: .openai(opts), cache: nil, environment: ["K": "sk-hidden-key"])
        var context = makeContext()
        do {
            _ = try await stage.process(promptedRecords(3), context: &context)
            Issue.record("expected an error")
        } catch let error as TeacherError {
            guard case .requestRejected(let status, _, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(status == 400)
            #expect(message.contains("injected HTTP 400"))
            #expect(message.contains("(record 'r"), "\(message)")
            #expect(!error.description.contains("sk-hidden-key"))
        }
        // The list, then its first prompt alone; nothing after the run stopped.
        #expect(try server.requests().count == 2)
    }

    @Test("after a 400 nothing more reaches the server: requests waiting for a slot give up")
    func nothingSentAfterTheRunStopped() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(faults: "400@1", delay: 0.3, directory: dir)
        let stage = try TeacherStage(kind: .openai(options(server, batchSize: 1, concurrency: 1)), cache: nil)
        await #expect(throws: TeacherError.self) {
            _ = try await self.run(stage, promptedRecords(6), batch: 1)
        }
        try await Task.sleep(nanoseconds: 800_000_000)
        #expect(try server.requests().count == 1)
    }

    @Test("one bad prompt in a list: the others are answered, the run stops naming the bad one")
    func onePromptOfAListRejected() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
        var records = promptedRecords(4)
        records[2].prompt = .text("Premise: far too long\nHypothesis: x\nReasonings:")
        let server = try FakeServer(faults: "400@~far too long", directory: dir)
        let stage = try TeacherStage(kind: .openai(options(server, batchSize: 4, concurrency: 1)), cache: cache)
        var context = makeContext()
        do {
            _ = try await stage.process(records, context: &context)
            Issue.record("expected an error")
        } catch let TeacherError.requestRejected(_, _, message) {
            #expect(message.contains("(record 'r2')"), "\(message)")
        }
        // Records before the bad one were answered and kept.
        #expect(try cache.stats().entries >= 2)
    }

    @Test("a prompt that fails after its retries is marked failed and asked again next run")
    func failedAfterRetries() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
        var records = promptedRecords(4)
        records[2].prompt = .text("Premise: poison\nHypothesis: x\nReasonings:")
        let server = try FakeServer(faults: "500@~poison", directory: dir)
        var opts = options(server, batchSize: 1)
        opts.maxRetries = 2
        let stage = try TeacherStage(kind: .openai(opts), cache: cache)
        var context = makeContext()
        let out = try await stage.process(records, context: &context)
        #expect(out[2].completion == nil)
        #expect(out[2].attempts == 3)
        #expect(out[2].failure?.contains("gave up after 3 attempts") == true)
        #expect(out.enumerated().filter { $0.offset != 2 }.allSatisfy { $0.element.completion != nil })
        #expect(context.extraCounts["teacher_failed"] == 1)

        let healthy = try FakeServer(directory: dir)
        opts.baseURL = healthy.baseURL
        let stage2 = try TeacherStage(kind: .openai(opts), cache: cache)
        var context2 = makeContext()
        let out2 = try await stage2.process(records, context: &context2)
        #expect(out2.allSatisfy { $0.completion != nil })
        let sent = try healthy.requests()
        #expect(sent.count == 1)
        #expect(((sent.first?["body"] as? [String: Any])?["prompt"] as? [String]) == ["Premise: poison\nHypothesis: x\nReasonings:"])
    }

    @Test("past teacher.max_failures the stage stops with the cause; a rerun asks only the failed prompt")
    func failuresStopTheRun() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
        var records = promptedRecords(4)
        records[1].prompt = .text("Premise: poison\nHypothesis: x\nReasonings:")
        let server = try FakeServer(faults: "500@~poison", directory: dir)
        var opts = options(server, batchSize: 1)
        opts.maxRetries = 1
        let stage = try TeacherStage(kind: .openai(opts), cache: cache, maxFailures: 0)
        var context = makeContext()
        do {
            _ = try await stage.process(records, context: &context)
            Issue.record("expected the stage to stop")
        } catch let error as TeacherError {
            guard case .tooManyFailures(let failed, let allowed, let id, let cause) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(failed == 1 && allowed == 0)
            #expect(id == records[1].source.id)
            #expect(cause.contains("gave up after 2 attempts"))
            #expect(error.description.contains("rerun the same command"))
        }

        // One failure is allowed: the same batch passes with the record marked failed.
        let lenient = try TeacherStage(kind: .openai(opts), cache: cache, maxFailures: 1)
        var context2 = makeContext()
        let out = try await lenient.process(records, context: &context2)
        #expect(out[1].completion == nil && out.filter { $0.completion == nil }.count == 1)

        // A rerun against a healthy server sends the failed prompt alone.
        let healthy = try FakeServer(directory: dir)
        opts.baseURL = healthy.baseURL
        let rerun = try TeacherStage(kind: .openai(opts), cache: cache, maxFailures: 0)
        var context3 = makeContext()
        let answered = try await rerun.process(records, context: &context3)
        #expect(answered.allSatisfy { $0.completion != nil })
        #expect(try healthy.requests().count == 1)
    }

    @Test("chat sends one conversation per request")
    func chatConversations() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(faults: "short@2", directory: dir)
        let stage = try TeacherStage(kind: .openai(options(server, api: .chat)), cache: nil)
        let records = promptedRecords(6, chat: true)
        var context = makeContext()
        let out = try await stage.process(records, context: &context)
        for (record, result) in zip(records, out) {
            #expect(result.completion == expectedReply(record.prompt.jsonValue.jsonText()))
        }
        let requests = try server.requests()
        #expect(requests.count == 7)  // request 2 came back without its choice and was sent again
        #expect(requests.allSatisfy { $0["path"] as? String == "/v1/chat/completions" && (($0["body"] as? [String: Any])?["messages"] as? [Any])?.count == 1 })
    }

    @Test("a missing API key variable is reported by name, before any request")
    func missingKey() throws {
        var opts = OpenAITeacherOptions(baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m")
        opts.apiKeyEnv = "NO_SUCH_KEY_VARIABLE"
        #expect(throws: TeacherError.missingAPIKey(variable: "NO_SUCH_KEY_VARIABLE")) {
            _ = try TeacherStage(kind: .openai(opts), cache: nil, environment: [:])
        }
    }
}
