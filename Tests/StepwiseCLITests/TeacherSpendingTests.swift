import Foundation
import StepwiseTestSupport
import Testing

/// The teacher's usage, cost, budget, samples and per-rank caches, through the command
/// line against the loopback server.
@Suite(.serialized)
struct TeacherSpendingTests {
    static let skip = FakeServer.unavailableReason
    /// Five answers per prompt, three of them entailment.
    static let planted = "E {hash}.\nAnswer: entailment|N {hash}.\nAnswer: neutral|E2 {hash}.\nAnswer: entailment|nothing|E3 {hash}.\nAnswer: entailment"

    func pipeline(_ server: FakeServer, teacher: String = "", cache: String? = nil, extra: String = "") -> String {
        let root = repositoryRoot.path
        let cacheKey = cache.map { ", cache: \($0)" } ?? ""
        return """
            name: teacher-spending
            dataset: {name: esnli, format: official, source: \(root)/data/esnli, splits: [train, test]}
            prompt: {exemplars: \(root)/Pipelines/prompts/esnli.yaml, style: completion}
            teacher: {kind: openai, base_url: "\(server.baseURL.absoluteString)", model: m, max_tokens: 32, batch_size: 3, \
            price: {input_per_million: 1000000, output_per_million: 2000000}\(cacheKey)\(teacher)}
            parse: {mode: robust}
            tokenizer: {path: \(root)/data/tokenizer/sample.model}
            output: {dir: out}
            \(extra)
            """
    }

    /// The server's usage over its log, as prompt and completion token totals.
    func sent(_ server: FakeServer) throws -> (prompt: Int, completion: Int) {
        var total = (prompt: 0, completion: 0)
        for request in try server.requests() {
            guard let usage = request["usage"] as? [String: Any] else { continue }
            total.prompt += usage["prompt_tokens"] as? Int ?? 0
            total.completion += usage["completion_tokens"] as? Int ?? 0
        }
        return total
    }

    func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    @Test func fiveSamplesVoteAndTheUsageAddsUpInRunJSONAndStats() throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let scratch = try ScratchDirectory("teacher-samples")
        defer { scratch.remove() }
        let server = try FakeServer(arguments: ["--sample-replies", Self.planted], directory: scratch.url)
        try scratch.write("p.yaml", pipeline(server, teacher: ", samples: 5, keep: agreeing"))
        let before = try stepwise(["plan", "p.yaml", "--json"], in: scratch.url)
        #expect(before.stdout.contains(#""measured":false"#), "\(before)")
        let run = try stepwise(["run", "p.yaml", "--quiet"], in: scratch.url)
        #expect(run.status == 0, "\(run)")
        // After a run, plan's figures come from the server's counts.
        let after = try stepwise(["plan", "p.yaml", "--json"], in: scratch.url)
        #expect(after.stdout.contains(#""measured":true"#), "\(after)")

        let record = try json(scratch.path("out/run.json"))
        let splits = try #require(record["splits"] as? [String: [String: Any]])
        var prompt = 0
        var completion = 0
        var records = 0
        for (_, split) in splits {
            let usage = try #require(split["teacher_usage"] as? [String: Any])
            prompt += usage["prompt_tokens"] as? Int ?? 0
            completion += usage["completion_tokens"] as? Int ?? 0
            let votes = try #require(split["votes"] as? [String: Int])
            #expect(votes.keys.sorted() == ["3/5"], "\(votes)")
            records += votes["3/5"] ?? 0
            // Three of five samples agree: three examples per record.
            #expect(split["samples"] as? Int == 3 * (votes["3/5"] ?? 0))
        }
        let server0 = try sent(server)
        #expect(prompt == server0.prompt && completion == server0.completion)
        #expect(try server.requests().count == records, "one request with n = 5 per record")

        let stats = try stepwise(["stats", "out", "--json"], in: scratch.url)
        #expect(stats.status == 0, "\(stats)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let teacher = try #require(figures["teacher"] as? [String: Any])
        let usage = try #require(teacher["usage"] as? [String: Any])
        #expect(usage["prompt_tokens"] as? Int == prompt)
        #expect(usage["completions"] as? Int == 5 * records)
        let cost = try #require(teacher["cost"] as? Double)
        #expect(abs(cost - Double(prompt + 2 * completion)) < 1e-6)
        let text = try stepwise(["stats", "out"], in: scratch.url)
        #expect(text.stdout.contains("vote agreement (records): 3/5"), "\(text)")
        #expect(text.stdout.contains("total: teacher tokens: \(prompt) prompt"), "\(text)")

        // The metadata column carries each example's sample and its record's vote.
        let verify = try stepwise(["verify", "out"], in: scratch.url)
        #expect(verify.status == 0, "\(verify)")
        let inspect = try stepwise(["inspect", "out", "--split", "train", "--index", "1"], in: scratch.url)
        #expect(inspect.stdout.contains(#""metadata":{"sample":2,"vote":"entailment","votes":3,"samples":5,"runner_up":1}"#), "\(inspect)")
        let rejects = try String(contentsOf: scratch.path("out/rejects.jsonl"), encoding: .utf8)
        #expect(rejects.contains(#""reason":"vote_disagrees""#))
    }

    @Test func maxCostStopsTheRunAndALargerBudgetFinishesItWithoutAskingTwice() throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let scratch = try ScratchDirectory("teacher-budget")
        defer { scratch.remove() }
        let server = try FakeServer(reply: "Because {hash}.\nAnswer: neutral", directory: scratch.url)
        try scratch.write("p.yaml", pipeline(server, teacher: ", concurrency: 1, max_cost: 2000"))
        let stopped = try stepwise(["run", "p.yaml", "--quiet"], in: scratch.url)
        #expect(stopped.status == 1, "\(stopped)")
        #expect(stopped.stderr.contains("stopped before passing teacher.max_cost 2000.0000: spent"), "\(stopped)")
        let first = try server.requests().count
        #expect(first > 0)

        try scratch.write("p.yaml", pipeline(server, teacher: ", concurrency: 1, max_cost: 1000000"))
        let finished = try stepwise(["run", "p.yaml", "--quiet"], in: scratch.url)
        #expect(finished.status == 0, "\(finished)")
        // Every prompt was answered once over both runs.
        var answered: [String] = []
        for request in try server.requests() where request["status"] as? Int == 200 {
            answered += (request["body"] as? [String: Any])?["prompt"] as? [String] ?? []
        }
        #expect(answered.count == Set(answered).count)
        let stats = try stepwise(["stats", "out", "--json"], in: scratch.url)
        let cost = ((try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?["teacher"]
            as? [String: Any])?["cost"] as? Double
        let total = try sent(server)
        #expect(cost.map { abs($0 - Double(total.prompt + 2 * total.completion)) < 1e-6 } == true, "\(stats)")
    }

    @Test func ranksKeepACacheEachAndMergeCombinesThem() throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let scratch = try ScratchDirectory("teacher-ranks")
        defer { scratch.remove() }
        let server = try FakeServer(reply: "Because {hash}.\nAnswer: neutral", directory: scratch.url)
        try scratch.write("p.yaml", pipeline(server, cache: "cache/teacher.sqlite"))
        for rank in 0..<2 {
            let run = try stepwise(["run", "p.yaml", "--quiet", "--rank", "\(rank)", "--world-size", "2"], in: scratch.url)
            #expect(run.status == 0, "\(run)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path("cache").path).filter { $0.hasSuffix(".sqlite") }
        #expect(files.sorted() == ["teacher.rank-00000.sqlite", "teacher.rank-00001.sqlite"])
        let asked = try server.requests().count

        let merge = try stepwise(
            ["teacher", "cache", "merge", "cache/teacher.rank-00000.sqlite", "cache/teacher.rank-00001.sqlite",
             "--cache", "cache/teacher.sqlite"], in: scratch.url)
        #expect(merge.status == 0, "\(merge)")
        #expect(merge.stdout.contains("already there"), "\(merge)")
        let again = try stepwise(
            ["teacher", "cache", "merge", "cache/teacher.rank-00000.sqlite", "--cache", "cache/teacher.sqlite"], in: scratch.url)
        #expect(again.stdout.contains(": 0 completions added"), "\(again)")

        // One machine, the merged cache: nothing is asked again.
        let single = try stepwise(["run", "p.yaml", "--quiet", "--out", "single"], in: scratch.url)
        #expect(single.status == 0, "\(single)")
        #expect(try server.requests().count == asked)
    }

    @Test func concurrencyIsWhatTheServerSeesWhateverTheBatchSizes() throws {
        if let reason = Self.skip { print("skipped: \(reason)"); return }
        let scratch = try ScratchDirectory("teacher-concurrency")
        defer { scratch.remove() }
        let server = try FakeServer(delay: 0.3, reply: "Because {hash}.\nAnswer: neutral", directory: scratch.url)
        // Two records per batch between stages, one prompt per request: two teacher workers
        // alone would never have more than 4 requests in flight.
        try scratch.write(
            "p.yaml", pipeline(server, teacher: ", batch_size: 1, concurrency: 6", extra: "run: {batch_size: 2}")
                .replacingOccurrences(of: "batch_size: 3, ", with: ""))
        let run = try stepwise(["run", "p.yaml", "--quiet"], in: scratch.url)
        #expect(run.status == 0, "\(run)")
        let peak = try server.requests().compactMap { $0["in_flight"] as? Int }.max() ?? 0
        #expect(peak >= 5 && peak <= 6, "peak \(peak)")
    }
}
