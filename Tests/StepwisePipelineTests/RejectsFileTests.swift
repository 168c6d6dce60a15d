import Foundation
import StepwisePipeline
import Testing

/// `rejects.jsonl` holds every record that is not in the shards, each with the stage and
/// the reason; its counts are the run record's filter counts.
@Suite struct RejectsFileTests {
    @Test func rejectLinesCarryStageAndReasonAndMatchTheRunRecord() async throws {
        let scratch = try ScratchDirectory("rejects")
        defer { scratch.remove() }
        // A copy of the samples with one malformed CSV row, skipped as a load reject.
        let samplesCopy = scratch.path("esnli")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("data/esnli"), to: samplesCopy)
        let csv = samplesCopy.appendingPathComponent("esnli_test.csv")
        try replaceLine(3, of: csv, with: "3039595.jpg#0r1n,neutral,only three fields")

        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        try copy.replace("source: \(repositoryRoot.path)/data/esnli", with: "source: \(samplesCopy.path)")
        try copy.replace("  splits: [train, valid, test]\n", with: "  splits: [train, valid, test]\n  on_bad_record: skip\n")
        // The disagreement filter adds rejects in two splits.
        try copy.replace("parse: {mode: robust}", with: "parse: {mode: robust, drop_teacher_disagreement: true}")
        let out = scratch.path("out")
        let summary = try await runPipeline(try copy.load(into: scratch.url), out: out)
        let record = try #require(summary.record)

        let lines = try jsonLines(out.appendingPathComponent("rejects.jsonl"))
        var counted: [String: Int] = [:]
        var stages: Set<String> = []
        for line in lines {
            let stage = try #require(line["stage"] as? String, "a reject without stage: \(line.keys.sorted())")
            let reason = try #require(line["reason"] as? String, "a reject without reason: \(line.keys.sorted())")
            #expect(!stage.isEmpty && !reason.isEmpty)
            #expect(line["id"] is String)
            stages.insert(stage)
            counted[reason, default: 0] += 1
        }
        #expect(stages == ["load", "parse"])
        #expect(counted["bad_record"] == 1)
        #expect((counted["teacher_disagrees_with_gold"] ?? 0) >= 1)
        var recorded: [String: Int] = [:]
        for split in record.splits.values {
            for (reason, n) in split.filtered { recorded[reason, default: 0] += n }
        }
        #expect(counted == recorded.filter { $0.value > 0 })
        // Parse rejects say which split they belong to; their per-split counts match too.
        for split in quickstartSplits {
            var perSplit: [String: Int] = [:]
            for line in lines where line["split"] as? String == split && line["stage"] as? String == "parse" {
                perSplit[line["reason"] as? String ?? "", default: 0] += 1
            }
            let filtered = (record.splits[split]?.filtered ?? [:]).filter { $0.key != "bad_record" && $0.value > 0 }
            #expect(perSplit == filtered, "\(split)")
        }
        // The run record on disk says the same as the summary.
        let onDisk = try #require(try RunRecord.load(from: out.appendingPathComponent("run.json")))
        #expect(onDisk.splits.mapValues(\.filtered) == record.splits.mapValues(\.filtered))
        // And every input record is either a sample or a reject.
        let samples = record.splits.values.reduce(0) { $0 + $1.samples }
        #expect(samples + lines.count == 30)
        #expect(record.splits["test"]?.filtered["bad_record"] == 1)
    }
}
