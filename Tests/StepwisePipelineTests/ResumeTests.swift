import Foundation
import StepwisePipeline
import Testing

/// A run whose record says some splits are not done resumes them, and the finished
/// output is byte-identical to an uninterrupted run's.
@Suite struct ResumeTests {
    @Test func unfinishedSplitsAreRedoneToTheSameBytes() async throws {
        let scratch = try ScratchDirectory("resume-splits")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        let config = try copy.load(into: scratch.url)
        let reference = scratch.path("reference")
        try await runPipeline(config, out: reference)
        let out = scratch.path("out")
        try await runPipeline(config, out: out)

        // Make `out` look like a run stopped after committing train: valid and test have
        // no shards and no record entry, and the run is not finished.
        let recordURL = out.appendingPathComponent("run.json")
        var record = try #require(try RunRecord.load(from: recordURL))
        record.finished = false
        record.splits["valid"] = nil
        record.splits["test"] = nil
        try record.save(to: recordURL)
        for split in ["valid", "test"] {
            try FileManager.default.removeItem(at: out.appendingPathComponent(split))
        }
        // rejects.jsonl holds train's rejects only (valid and test have none here).
        let trainRejects = try #require(record.splits["train"]?.rejectsBytes)
        #expect(trainRejects > 0)

        let summary = try await runPipeline(config, out: out, workers: 3)
        #expect(!summary.text.contains("nothing to do"))
        #expect(summary.record?.finished == true)
        #expect(try fileTree(out, only: outputParts) == (try fileTree(reference, only: outputParts)))
        #expect(try runRecordWithoutTimes(recordURL) == (try runRecordWithoutTimes(reference.appendingPathComponent("run.json"))))
    }

    @Test func uncommittedRejectsBeyondTheRecordAreDropped() async throws {
        let scratch = try ScratchDirectory("resume-rejects")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        let config = try copy.load(into: scratch.url)
        let reference = scratch.path("reference")
        try await runPipeline(config, out: reference)
        let out = scratch.path("out")
        try await runPipeline(config, out: out)

        // A stopped run may leave rejects written after the last commit; they must go.
        let recordURL = out.appendingPathComponent("run.json")
        var record = try #require(try RunRecord.load(from: recordURL))
        record.finished = false
        record.splits["test"] = nil
        try record.save(to: recordURL)
        try FileManager.default.removeItem(at: out.appendingPathComponent("test"))
        let rejects = try FileHandle(forWritingTo: out.appendingPathComponent("rejects.jsonl"))
        try rejects.seekToEnd()
        try rejects.write(contentsOf: Data("{\"stage\":\"parse\",\"reason\":\"stale\",\"id\":\"x\"}\n".utf8))
        try rejects.close()

        try await runPipeline(config, out: out)
        #expect(try fileTree(out, only: outputParts) == (try fileTree(reference, only: outputParts)))
    }
}
