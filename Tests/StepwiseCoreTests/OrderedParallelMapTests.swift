import Foundation
import StepwiseCore
import Testing

@Suite struct OrderedParallelMapTests {
    @Test func parallelStageWithRandomDelaysEmitsInInputOrder() async throws {
        let monitor = RunMonitor()
        let collector = Collector()
        let stage = MapStage(
            name: "jitter",
            delay: { batch in .milliseconds(Int.random(in: 0...15) + (batch[0].n % 3 == 0 ? 10 : 0)) },
            transform: { Item(n: $0.n * 2) })
        try await Flow(source: CountingSource(count: 2_000, batchSize: 17), monitor: monitor)
            .then(stage, workers: 8)
            .drain { collector.append($0) }
        #expect(collector.all.map(\.n) == (0..<2_000).map { $0 * 2 })
        let snap = try #require(monitor.counters(for: "jitter")?.snapshot())
        #expect(snap.recordsIn == 2_000)
        #expect(snap.recordsOut == 2_000)
    }

    @Test func neverRunsMoreThanWorkersAtOnce() async throws {
        let running = Counter()
        let input = AsyncStream<Int> { continuation in
            for i in 0..<200 { continuation.yield(i) }
            continuation.finish()
        }
        var out: [Int] = []
        try await OrderedParallelMap.run(
            input, workers: 3,
            transform: { (i: Int) async throws -> Int in
                _ = running.increment()
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
                running.decrement()
                return i
            },
            emit: { out.append($0) })
        #expect(out == Array(0..<200))
        #expect(running.maximum <= 3)
        #expect(running.maximum >= 2)
    }

    @Test func sameOutputWhateverTheWorkerCount() async throws {
        func run(workers: Int) async throws -> [Int] {
            let collector = Collector()
            try await Flow(source: CountingSource(count: 500, batchSize: 7), monitor: RunMonitor())
                .then(MapStage(name: "a", delay: { _ in .microseconds(Int.random(in: 0...500)) },
                               transform: { Item(n: $0.n + 1) }), workers: workers)
                .then(MapStage(name: "b", transform: { Item(n: $0.n * 3) }), workers: workers)
                .drain { collector.append($0) }
            return collector.all.map(\.n)
        }
        let one = try await run(workers: 1)
        #expect(try await run(workers: 2) == one)
        #expect(try await run(workers: 7) == one)
    }
}
