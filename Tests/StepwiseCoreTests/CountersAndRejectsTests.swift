import Foundation
@testable import StepwiseCore
import Testing

@Suite struct CountersAndRejectsTests {
    struct DropOdd: Stage {
        let name = "filter"
        func process(_ batch: [Item], context: inout BatchContext) async throws -> [Item] {
            var out: [Item] = []
            for item in batch {
                if item.n % 2 == 1 {
                    context.drop(item, reason: item.n % 3 == 0 ? "odd_multiple_of_3" : "odd")
                } else {
                    out.append(item)
                }
            }
            context.count("seen", batch.count)
            return out
        }
    }

    @Test func dropsAreCountedByReasonAndWrittenInOrder() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-rejects-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sink = try RejectSink(url: dir.appendingPathComponent("rejects.jsonl"), append: false)
        let monitor = RunMonitor(rejectSink: sink)
        let collector = Collector()
        try await Flow(source: CountingSource(count: 30, batchSize: 4), monitor: monitor)
            .then(DropOdd(), workers: 4)
            .drain { collector.append($0) }
        try sink.close()
        #expect(collector.all.map(\.n) == stride(from: 0, to: 30, by: 2).map { $0 })
        let snap = try #require(monitor.counters(for: "filter")?.snapshot())
        #expect(snap.recordsIn == 30)
        #expect(snap.recordsOut == 15)
        #expect(snap.dropped == ["odd": 10, "odd_multiple_of_3": 5])
        #expect(snap.counts["seen"] == 30)
        #expect(snap.busyNanoseconds > 0)
        let lines = try String(contentsOf: dir.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 15)
        #expect(lines.first == #"{"stage":"filter","reason":"odd","n":1}"#)
        #expect(lines[1] == #"{"stage":"filter","reason":"odd_multiple_of_3","n":3}"#)
        #expect(lines.last == #"{"stage":"filter","reason":"odd","n":29}"#)
    }
}

@Suite struct HeldRejectsTests {
    @Test func heldRejectionsAreWrittenInSourceOrderOnlyWhenCommitted() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("held-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let sink = try RejectSink(url: url, append: false, holdUntilCommit: true)
        func r(_ i: Int, _ reason: String) -> Rejection {
            Rejection(stage: "parse", recordID: "r\(i)", sourceIndex: i, reason: reason, record: ["index": .int(i)])
        }
        try sink.write([r(5, "b"), r(1, "a")])
        try sink.write([r(9, "a"), r(3, "a")])
        #expect(try String(contentsOf: url, encoding: .utf8).isEmpty)
        let length = try sink.commit(through: 5)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == """
            {"stage":"parse","reason":"a","index":1}
            {"stage":"parse","reason":"a","index":3}
            {"stage":"parse","reason":"b","index":5}

            """)
        #expect(length == Int64(text.utf8.count))
        #expect(sink.committedCounts == ["a": 2, "b": 1])
        sink.discardPending()
        try sink.commit(through: 100)
        #expect(try String(contentsOf: url, encoding: .utf8) == text)
    }
}

@Suite struct ProgressLineTests {
    @Test func percentageAndETAFromTheStagesProgress() {
        var s = StageCounterSnapshot(name: "load")
        #expect(ProgressReporter.eta(s) == nil)
        s.progressTotal = 1000
        s.progressDone = 250
        s.progressStartNanoseconds = 0
        // A quarter done after 10 s: 30 s to go.
        #expect(ProgressReporter.eta(s, now: 10_000_000_000) == " 25% ETA 30s")
        s.progressDone = 1000
        #expect(ProgressReporter.eta(s, now: 40_000_000_000) == " 100%")
    }

    @Test("the teacher's line shows requests, retries, cache hits, cut completions and failures")
    func teacherCounts() {
        var s = StageCounterSnapshot(name: "teacher")
        s.recordsIn = 1_200
        s.recordsOut = 1_180
        s.counts = ["requests": 60, "retries": 3, "cache_hits": 900, "finish_length": 7, "teacher_failed": 2]
        s.gauges = ["requests_in_flight": 4]
        #expect(
            ProgressReporter.describe(s, seconds: 2)
                == "teacher   in 1,200 out 1,180 600/s requests in flight 4 requests 60 retries 3 cache hits 900 cut at max_tokens 7 failed 2")
    }

    @Test("the teacher's line shows its tokens, their rate and the spend of this session")
    func teacherTokensAndSpend() {
        var s = StageCounterSnapshot(name: "teacher")
        s.recordsIn = 10
        s.recordsOut = 10
        s.counts = ["prompt_tokens": 3_000, "completion_tokens": 1_000, "estimated_usage": 2, "spent_micros": 12_345]
        #expect(
            ProgressReporter.describe(s, seconds: 2)
                == "teacher   in 10 out 10 5/s tokens 4,000 (2,000/s) estimated for 2 spent 0.0123")
    }

    @Test("counts a stage does not have are left out")
    func quietStage() {
        var s = StageCounterSnapshot(name: "parse")
        s.recordsIn = 10
        s.recordsOut = 9
        s.dropped = ["no_answer_phrase": 1]
        #expect(ProgressReporter.describe(s, seconds: 1) == "parse     in 10 out 9 dropped 1 (no_answer_phrase 1) 10/s")
    }
}
