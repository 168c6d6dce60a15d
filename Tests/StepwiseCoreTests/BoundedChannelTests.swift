import Foundation
import StepwiseCore
import Testing

@Suite struct BoundedChannelTests {
    @Test func producerIsBlockedWhileTheChannelIsFull() async throws {
        let channel = BoundedChannel<Int>(capacity: 2)
        let sent = Counter()
        let producer = Task {
            for i in 0..<10 {
                try await channel.send(i)
                _ = sent.increment()
            }
            channel.finish()
        }
        // Start the consumer side (the buffer pulls up to `capacity`) but take nothing yet.
        var iterator = channel.elements.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first == 0)
        // Let the producer run until it stops (on a loaded machine it may still be on its
        // way after the first 200 ms): one taken + `capacity` buffered + at most one handed
        // over mid-send, so it must be stuck far before 10.
        try await Task.sleep(for: .milliseconds(200))
        var stuckAt = sent.current
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(100))
            if sent.current == stuckAt { break }
            stuckAt = sent.current
        }
        #expect(stuckAt <= 4, "producer ran ahead to \(stuckAt) with a full channel")
        try await Task.sleep(for: .milliseconds(100))
        #expect(sent.current == stuckAt, "producer advanced without the consumer taking anything")
        var rest: [Int] = []
        while let v = try await iterator.next() { rest.append(v) }
        #expect(rest == Array(1..<10))
        try await producer.value
    }

    @Test func slowStageSlowsItsProducer() async throws {
        let produced = Counter()
        let monitor = RunMonitor()
        let source = CountingSource(count: 1_000, batchSize: 10, onBatch: { _ in _ = produced.increment() })
        let collector = Collector()
        let slow = MapStage(name: "slow", delay: { _ in .milliseconds(20) })
        let task = Task {
            try await Flow(source: source, monitor: monitor, channelCapacity: 2)
                .then(slow)
                .drain { collector.append($0) }
        }
        try await Task.sleep(for: .milliseconds(300))
        // ~15 batches processed in 300 ms; the source may be ahead only by the channel's
        // capacity plus the batches in hand, never by the whole input (100 batches).
        let processedBatches = collector.all.count / 10
        #expect(produced.current <= processedBatches + 6, "source ran \(produced.current) batches ahead of \(processedBatches)")
        task.cancel()
        _ = try? await task.value
    }

    @Test func failurePropagatesToTheConsumer() async throws {
        struct Boom: Error {}
        let channel = BoundedChannel<Int>(capacity: 1)
        Task {
            try await channel.send(1)
            channel.fail(Boom())
        }
        var got: [Int] = []
        await #expect(throws: Boom.self) {
            for try await v in channel.elements { got.append(v) }
        }
        #expect(got == [1])
    }
}
