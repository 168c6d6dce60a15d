import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseTeacher

/// Token usage read from the server, kept with each cached completion, and the spending
/// budget (`teacher.max_cost`), against the loopback server.
@Suite(.serialized)
struct UsageAndCostTests {
    static let skip = FakeServer.unavailableReason
    let harness = OpenAITeacherTests()

    /// The usage the server sent, summed over its log.
    func sentUsage(_ server: FakeServer) throws -> TokenUsage {
        var total = TokenUsage()
        for request in try server.requests() {
            guard let usage = request["usage"] as? [String: Any] else { continue }
            total.promptTokens += usage["prompt_tokens"] as? Int ?? 0
            total.completionTokens += usage["completion_tokens"] as? Int ?? 0
            total.cachedPromptTokens += (usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int ?? 0
        }
        return total
    }

    func sum(_ records: [TeacherRecord]) -> TokenUsage { records.compactMap(\.usage).reduce(TokenUsage(), +) }

    @Test("usage totals equal what the server sent, whatever the batch size; the cache keeps them")
    func usageTotals() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        for batchSize in [1, 4] {
            let dir = try temporaryDirectory()
            let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
            let server = try FakeServer(arguments: ["--cached-tokens", "3"], directory: dir)
            let stage = try TeacherStage(kind: .openai(harness.options(server, batchSize: batchSize)), cache: cache)
            let records = promptedRecords(30)
            let (out, counts) = try await harness.run(stage, records)
            let sent = try sentUsage(server)
            var expected = sent
            expected.completions = 30
            #expect(sent.promptTokens > 0 && sent.completionTokens > 0 && sent.cachedPromptTokens == 90)
            #expect(sum(out) == expected, "batch size \(batchSize)")
            #expect(out.allSatisfy { $0.usage?.completions == 1 && $0.usage?.estimatedCompletions == 0 })
            #expect(counts["prompt_tokens"] == sent.promptTokens)
            #expect(counts["completion_tokens"] == sent.completionTokens)
            #expect(counts["cached_prompt_tokens"] == 90)
            #expect(try cache.stats().usage == expected)

            // From the cache: the same usage per record, nothing sent.
            let again = try FakeServer(directory: dir)
            let stage2 = try TeacherStage(kind: .openai(harness.options(again, batchSize: batchSize)), cache: cache)
            let (out2, counts2) = try await harness.run(stage2, records)
            #expect(try again.requests().isEmpty)
            #expect(out2.map(\.usage) == out.map(\.usage))
            #expect(counts2["prompt_tokens"] == nil)
        }
    }

    @Test("a server without usage: tokens estimated at 4 bytes, and said so")
    func estimatedUsage() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(arguments: ["--no-usage"], directory: dir)
        let stage = try TeacherStage(kind: .openai(harness.options(server, batchSize: 3)), cache: nil)
        let records = promptedRecords(6)
        let (out, counts) = try await harness.run(stage, records)
        for (record, answer) in zip(records, out) {
            guard case .text(let prompt) = record.prompt, let completion = answer.completion else { continue }
            #expect(
                answer.usage
                    == TokenUsage.estimate(promptBytes: prompt.utf8.count, completionBytes: completion.utf8.count))
        }
        #expect(counts["estimated_usage"] == 6)
    }

    /// One token costs 1 at this price.
    static let price = TokenPrice(input: 1_000_000, output: 1_000_000)

    @Test("max_cost stops before the budget is passed, keeps what was in flight, and a larger budget resumes")
    func budgetStopsAndResumes() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
        let records = promptedRecords(40)
        let server = try FakeServer(delay: 0.02, directory: dir)
        var opts = harness.options(server, batchSize: 2, concurrency: 3)
        opts.price = Self.price
        opts.maxTokens = 20
        // Each request reserves about 2 × (17 + 20) = 74; the budget lets a few dozen tokens short of 400 through.
        opts.maxCost = 400
        let stage = try TeacherStage(kind: .openai(opts), cache: cache)
        var stopped: (spent: Double, budget: Double)?
        do {
            _ = try await harness.run(stage, records)
        } catch let TeacherError.budgetReached(spent, budget) {
            stopped = (spent, budget)
        }
        let stop = try #require(stopped, "the run should stop at the budget")
        let sent = try sentUsage(server)
        #expect(stop.budget == 400)
        #expect(stop.spent <= 400)
        // Everything the server answered is in the cache, and the spend is what it counted.
        #expect(abs(stop.spent - Double(sent.promptTokens + sent.completionTokens)) < 1e-6)
        let answered = harness.answeredPrompts(try server.requests())
        #expect(answered.count > 0 && answered.count < 40)
        #expect(try cache.stats().entries == answered.count)
        let message = TeacherError.budgetReached(spent: stop.spent, budget: stop.budget).description
        #expect(message.contains("raise max_cost and rerun"))

        // A larger budget (with the spend so far carried over) goes on; nothing is asked twice.
        let more = try FakeServer(directory: dir)
        opts.baseURL = more.baseURL
        opts.maxCost = 100_000
        let stage2 = try TeacherStage(kind: .openai(opts), cache: cache, spentBefore: stop.spent)
        let (out, _) = try await harness.run(stage2, records)
        #expect(out.allSatisfy { $0.completion != nil })
        let answeredLater = harness.answeredPrompts(try more.requests())
        #expect(Set(answered).isDisjoint(with: answeredLater))
        #expect(answered.count + answeredLater.count == 40)
    }

    @Test("a budget spent in earlier sessions counts")
    func spentBeforeCounts() async throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        let server = try FakeServer(directory: dir)
        var opts = harness.options(server)
        opts.price = Self.price
        opts.maxCost = 1000
        let stage = try TeacherStage(kind: .openai(opts), cache: nil, spentBefore: 999)
        await #expect(throws: TeacherError.budgetReached(spent: 999, budget: 1000)) {
            _ = try await harness.run(stage, promptedRecords(4))
        }
        #expect(try server.requests().isEmpty)
    }
}
