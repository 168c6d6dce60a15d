import Foundation
import StepwiseCore
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
