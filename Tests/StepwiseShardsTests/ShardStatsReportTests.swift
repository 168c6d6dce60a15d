import Foundation
import StepwiseCore
import Testing
@testable import StepwiseShards

@Suite struct ShardStatsReportTests {
    @Test func reportsSplitsLengthsAndTheRunRecord() async throws {
        let root = try Support.tempDirectory("stats")
        defer { try? FileManager.default.removeItem(at: root) }
        try await Support.writeSplit(root.appendingPathComponent("train"), count: 30)
        try await Support.writeSplit(root.appendingPathComponent("test"), count: 4)
        let run = #"{"splits": {"train": {"filtered": {"no_answer_phrase": 3}, "truncated": {"input_ids": 2}, "teacher_accuracy": {"correct": 27, "total": 33}}}}"#
        try Data(run.utf8).write(to: root.appendingPathComponent("run.json"))

        let report = try ShardStatsReport.load(root: root)
        let json = report.jsonValue()
        #expect(json["splits"]?["train"]?["samples"]?.intValue == 30)
        #expect(json["splits"]?["test"]?["samples"]?.intValue == 4)
        #expect(json["splits"]?["train"]?["source"]?.stringValue == "stats.stepwise")
        #expect(json["splits"]?["train"]?["filtered"]?["no_answer_phrase"]?.intValue == 3)
        #expect(json["splits"]?["train"]?["truncated"]?["input_ids"]?.intValue == 2)
        #expect(json["splits"]?["train"]?["teacher_accuracy"]?["accuracy"] == .double(0.8182))

        // The lengths agree with the samples themselves.
        var lengths: [Int] = []
        for i in 0..<30 { lengths.append(Support.sample(i, schema: .stepwise())["input_ids"]?.tokensValue?.count ?? -1) }
        lengths.sort()
        let col = json["splits"]?["train"]?["columns"]?["input_ids"]
        #expect(col?["min"]?.intValue == lengths.first)
        #expect(col?["max"]?.intValue == lengths.last)
        #expect(col?["p50"]?.intValue == lengths[14])
        #expect(col?["p90"]?.intValue == lengths[26])

        let again = try ShardStatsReport.load(root: root, recompute: true)
        #expect(again.splits.map(\.stats) == report.splits.map(\.stats))
        #expect(again.jsonValue()["splits"]?["train"]?["source"]?.stringValue == "shards")
        let text = report.text()
        #expect(text.contains("train: 30 samples in"))
        #expect(text.contains("teacher accuracy: 81.8% (27/33)"))
    }
}
