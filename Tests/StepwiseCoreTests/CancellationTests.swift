import Foundation
import StepwiseCore
import Testing

@Suite struct CancellationTests {
    @Test func cancellationEndsTheRunWithinASecond() async throws {
        let monitor = RunMonitor()
        let source = CountingSource(count: 10_000_000, batchSize: 100)
        let sleepy = MapStage(name: "sleepy", delay: { _ in .seconds(30) })
        let task = Task {
            try await Flow(source: source, monitor: monitor)
                .then(MapStage(name: "fast"), workers: 2)
                .then(sleepy, workers: 4)
                .drain { _ in }
        }
        try await Task.sleep(for: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.result
        let elapsed = clock.now - start
        // The sleepy stage would hold the run for 30 s; cancellation must cut that short. The
        // bound leaves room for a loaded 2-core machine running other suites at the same time
        // (1.05 s was seen in CI, 0.2 s alone).
        #expect(elapsed < .seconds(5), "cancellation took \(elapsed)")
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test func errorInAStageNamesStageAndRecordAndStopsTheOthers() async throws {
        struct Bad: Stage {
            let name = "explode"
            func process(_ batch: [Item], context: inout BatchContext) async throws -> [Item] {
                if let bad = batch.first(where: { $0.n == 4_321 }) {
                    throw RecordError(recordID: bad.recordID, message: "cannot handle 4321")
                }
                return batch
            }
        }
        let produced = Counter()
        let source = CountingSource(count: 5_000_000, batchSize: 50, onBatch: { _ in _ = produced.increment() })
        do {
            try await Flow(source: source, monitor: RunMonitor())
                .then(Bad(), workers: 3)
                .then(MapStage(name: "after"))
                .drain { _ in }
            Issue.record("the run should have failed")
        } catch let error as StageError {
            #expect(error.stage == "explode")
            #expect(error.recordID == "item-4321")
            #expect(error.description == "stage 'explode', record 'item-4321': cannot handle 4321")
        }
        // The failure stopped the source: it read far less than its 100,000 batches
        // (the failing batch is #86; bounded channels allow only a few more ahead).
        #expect(produced.current < 200, "the source went on to batch \(produced.current)")
    }
}
