import Foundation
import Testing

/// `teacher import-batch` and `teacher cache stats` work on the cache a run uses, named by
/// its output directory or its pipeline file; `inspect --index` shows one sample.
@Suite struct TeacherCacheCommandTests {
    @Test func importBatchAndCacheStatsUseTheRunsCache() throws {
        let scratch = try ScratchDirectory("cache-location")
        defer { scratch.remove() }
        try scratch.write("pipeline.yaml", esnliPipeline())
        let key = String(repeating: "ab", count: 32)
        try scratch.write(
            "batch-output.jsonl",
            #"{"custom_id": "\#(key)", "response": {"status_code": 200, "body": {"model": "m", "choices": [{"index": 0, "text": " It is. The answer is yes.", "finish_reason": "stop"}]}}}"#
                + "\n")

        let imported = try stepwise(["teacher", "import-batch", "batch-output.jsonl", "--pipeline", "pipeline.yaml"], in: scratch.url)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("imported 1 completions into \(scratch.path("out/teacher-cache.sqlite").path)"), "\(imported)")

        for location in [["--out", "out"], ["--pipeline", "pipeline.yaml"], ["--cache", "out/teacher-cache.sqlite"]] {
            let stats = try stepwise(["teacher", "cache", "stats"] + location, in: scratch.url)
            #expect(stats.status == 0, "\(location): \(stats)")
            #expect(stats.stdout.contains("completions:  1"), "\(location): \(stats)")
            #expect(stats.stdout.contains("batch\t1"), "\(location): \(stats)")
        }

        let nowhere = try stepwise(["teacher", "cache", "stats"], in: scratch.url)
        #expect(nowhere.status == 2, "\(nowhere)")
        #expect(nowhere.stderr.contains("which completion cache?"), "\(nowhere)")
        let missing = try stepwise(["teacher", "cache", "stats", "--out", "elsewhere"], in: scratch.url)
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.stderr.contains("no completion cache at"), "\(missing)")
    }

    @Test func inspectIndexShowsOneSampleAndLimitMore() throws {
        let scratch = try ScratchDirectory("inspect-index")
        defer { scratch.remove() }
        try scratch.write("pipeline.yaml", esnliPipeline())
        let run = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(run.status == 0, "\(run)")
        let lines = { (result: CommandResult) in result.stdout.split(separator: "\n").count }
        let one = try stepwise(["inspect", "out", "--index", "0"], in: scratch.url)
        #expect(one.status == 0 && lines(one) == 1, "\(one)")
        let three = try stepwise(["inspect", "out", "--index", "2", "--limit", "3"], in: scratch.url)
        #expect(three.status == 0 && lines(three) == 3, "\(three)")
        let start = try stepwise(["inspect", "out"], in: scratch.url)
        #expect(start.status == 0 && lines(start) == 5, "\(start)")
        let tail = try stepwise(["inspect", "out", "--index", "12", "--limit", "10"], in: scratch.url)
        #expect(tail.status == 0 && lines(tail) == 1, "the last of 13 samples: \(tail)")
    }
}
