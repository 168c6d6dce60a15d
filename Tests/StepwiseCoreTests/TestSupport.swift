import Foundation
import StepwiseCore
import Synchronization

/// A record type for dataflow tests.
struct Item: JSONRecord, Hashable {
    var n: Int
    var recordID: String { "item-\(n)" }
    func jsonFields() -> [(String, JSONValue)] { [("n", .int(n))] }
}

/// A source emitting `count` items in batches of `batchSize`.
struct CountingSource: BatchSource {
    let name = "count"
    let count: Int
    let batchSize: Int
    var onBatch: @Sendable (Int) -> Void = { _ in }

    func produce(context: SourceContext, emit: @escaping @Sendable ([Item]) async throws -> Void) async throws {
        var start = 0
        while start < count {
            try Task.checkCancellation()
            let batch = (start..<min(count, start + batchSize)).map { Item(n: $0) }
            onBatch(start / batchSize)
            try await emit(batch)
            start += batchSize
        }
    }
}

/// A stage that applies `transform` to each item after an optional delay per batch.
struct MapStage: Stage {
    let name: String
    var delay: @Sendable ([Item]) -> Duration = { _ in .zero }
    var transform: @Sendable (Item) -> Item = { $0 }

    func process(_ batch: [Item], context: inout BatchContext) async throws -> [Item] {
        let d = delay(batch)
        if d > .zero { try await Task.sleep(for: d) }
        return batch.map(transform)
    }
}

/// Collects everything a flow drains.
final class Collector: Sendable {
    private let items = Mutex<[Item]>([])
    func append(_ batch: [Item]) { items.withLock { $0 += batch } }
    var all: [Item] { items.withLock { $0 } }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = Mutex(0)
    private let peak = Mutex(0)
    func increment() -> Int {
        let v = value.withLock { $0 += 1; return $0 }
        peak.withLock { $0 = max($0, v) }
        return v
    }
    func decrement() { value.withLock { $0 -= 1 } }
    var current: Int { value.withLock { $0 } }
    var maximum: Int { peak.withLock { $0 } }
}
