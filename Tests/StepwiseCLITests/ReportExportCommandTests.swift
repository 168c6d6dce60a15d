import Foundation
import Testing

/// `stepwise report` and `stepwise export` on a real run's output.
@Suite struct ReportExportCommandTests {
    static func runQuickstart(_ scratch: ScratchDirectory, textColumns: Bool = false) throws {
        try scratch.write(
            "pipeline.yaml",
            esnliPipeline().replacingOccurrences(
                of: "output: {dir: out, compression: zstd}",
                with: "output: {dir: out, compression: zstd, text_columns: \(textColumns), formats: [mds, parquet]}"))
        let run = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(run.status == 0, "\(run)")
    }

    @Test func reportIsOneSelfContainedPageWithChartsMatrixAndRecords() throws {
        let scratch = try ScratchDirectory("report")
        defer { scratch.remove() }
        try Self.runQuickstart(scratch)
        let result = try stepwise(["report", "out"], in: scratch.url)
        #expect(result.status == 0, "\(result)")
        let html = try String(contentsOf: scratch.path("out/report.html"), encoding: .utf8)
        func count(_ s: String) -> Int { html.components(separatedBy: s).count - 1 }
        #expect(count("<svg class=\"chart histogram\"") == 15)  // 5 token columns × 3 splits
        // Every limit is marked; the quickstart's lengths are far below theirs, so each is named at the axis' end.
        #expect(count("<text class=\"limit limit-label\"") == 15)
        #expect(count("<table class=\"confusion\">") == 3)
        #expect(count("<svg class=\"chart bars\"") == 1)  // only train filtered anything
        // 28 kept samples and the 2 filtered records of the quickstart.
        #expect(count("<tr class=\"rec\" data-kept=\"kept\"") == 28)
        #expect(count("<tr class=\"rec\" data-kept=\"filtered\"") == 2)
        #expect(html.contains("filtered: no_answer_phrase"))
        #expect(html.contains("A man in a red jacket is climbing a rock wall.&lt;/s&gt;A person is climbing."))
        // Nothing is fetched: no external scripts, styles, images or links.
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("href=\"http"))

        #expect(!html.contains("Also in run.json"))

        // A teacher's tokens, their cost and the votes of a run with several samples get a
        // section; figures this version does not know are shown as they are.
        let recordURL = scratch.path("out/run.json")
        var record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: recordURL)) as? [String: Any])
        record["teacher_price"] = ["input_per_million": 1_000_000, "output_per_million": 2_000_000]
        record["future_figure"] = ["prompt_tokens": 1234, "cost_usd": 0.5]
        var splits = try #require(record["splits"] as? [String: Any])
        var train = try #require(splits["train"] as? [String: Any])
        train["teacher_usage"] = [
            "prompt_tokens": 1234, "completion_tokens": 100, "cached_prompt_tokens": 0, "completions": 10,
            "estimated_completions": 0,
        ]
        train["votes"] = ["3/5": 2, "5/5": 7]
        train["mean_margin"] = 0.75
        splits["train"] = train
        record["splits"] = splits
        try JSONSerialization.data(withJSONObject: record).write(to: recordURL)
        let extended = try stepwise(["report", "out", "--out", "-"], in: scratch.url)
        #expect(extended.status == 0, "\(extended)")
        #expect(extended.stdout.contains("<h3>Teacher tokens</h3>"))
        #expect(extended.stdout.contains("<td>1,234</td><td>0</td><td>100</td><td>10</td><td>0</td><td>1434.0000</td>"))
        #expect(extended.stdout.contains("Vote agreement"))
        #expect(extended.stdout.contains("<tr><th>future_figure.prompt_tokens</th><td>1234</td></tr>"))
        #expect(extended.stdout.contains("<tr><th>mean_margin</th><td>0.75</td></tr>"))

        let limited = try stepwise(["report", "out", "--out", "-", "--sample", "1"], in: scratch.url)
        #expect(limited.status == 0, "\(limited)")
        #expect(limited.stdout.components(separatedBy: "<tr class=\"rec\"").count - 1 == 4)  // 3 splits' first sample + 1 filtered
    }

    @Test func exportWritesEveryRecordKeptAndFiltered() throws {
        let scratch = try ScratchDirectory("export")
        defer { scratch.remove() }
        try Self.runQuickstart(scratch, textColumns: true)
        let result = try stepwise(["export", "out", "--format", "jsonl"], in: scratch.url)
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 30)
        #expect(lines.filter { $0?["kept"] as? Bool == true }.count == 28)
        let filtered = lines.compactMap { $0 }.filter { $0["kept"] as? Bool == false }
        #expect(Set(filtered.compactMap { $0["reason"] as? String }) == ["label_outside_space", "no_answer_phrase"])
        let first = try #require(lines.first ?? nil)
        #expect(first["split"] as? String == "train")
        #expect(first["input"] as? String == "A man in a red jacket is climbing a rock wall.</s>A person is climbing.")
        #expect(first["label"] as? String == "entailment")

        // Decoded from the tokens (no text columns) the same text comes back.
        let decodedScratch = try ScratchDirectory("export-decoded")
        defer { decodedScratch.remove() }
        try Self.runQuickstart(decodedScratch)
        let decoded = try stepwise(["export", "out", "--split", "train"], in: decodedScratch.url)
        #expect(decoded.status == 0, "\(decoded)")
        #expect(decoded.stdout.split(separator: "\n").first == result.stdout.split(separator: "\n").first)
    }

    @Test func aDirectoryWithoutARunIsAUsageError() throws {
        let scratch = try ScratchDirectory("report-usage")
        defer { scratch.remove() }
        for args in [["report", "."], ["export", "."], ["report", "missing"]] {
            let result = try stepwise(args, in: scratch.url)
            #expect(result.status == 2, "\(args): \(result)")
        }
        try Self.runQuickstart(scratch)
        let badSplit = try stepwise(["export", "out", "--split", "dev"], in: scratch.url)
        #expect(badSplit.status == 2, "\(badSplit)")
        #expect(badSplit.stderr.contains("no split 'dev'"), "\(badSplit)")
    }
}
