import Dispatch
import Synchronization

/// Loads items on a background queue a few steps ahead of the caller, who handles them in
/// order: `teacher import` parses the next completion files while SQLite stores the current
/// one, so the two halves of an import share the machine's cores.
enum Prefetcher {
    /// Calls `body` with each item's `load` result, in order; at most `ahead` loads run
    /// before the one being handled. A failed load is thrown when its turn comes, and loads
    /// after a throwing `body` are waited for but not used.
    static func forEach<Item: Sendable, Loaded: Sendable>(
        _ items: [Item], ahead: Int = 2, load: @escaping @Sendable (Item) throws -> Loaded,
        _ body: (Item, Loaded) throws -> Void
    ) throws {
        let queue = DispatchQueue.global(qos: .userInitiated)
        let slots = items.map { _ in Slot<Loaded>() }
        var started = 0
        func start(upTo end: Int) {
            while started < min(end, items.count) {
                let item = items[started], slot = slots[started]
                slot.group.enter()
                queue.async {
                    slot.result.withLock { $0 = Result { try load(item) } }
                    slot.group.leave()
                }
                started += 1
            }
        }
        defer { for slot in slots.prefix(started) { slot.group.wait() } }
        for (index, item) in items.enumerated() {
            start(upTo: index + 1 + ahead)
            slots[index].group.wait()
            let result = slots[index].result.withLock { r -> Result<Loaded, any Error>? in
                defer { r = nil }
                return r
            }
            guard let result else { preconditionFailure("Prefetcher: item \(index) finished without a result") }
            try body(item, try result.get())
        }
    }

    private final class Slot<Loaded: Sendable>: Sendable {
        let group = DispatchGroup()
        let result = Mutex<Result<Loaded, any Error>?>(nil)
    }
}
