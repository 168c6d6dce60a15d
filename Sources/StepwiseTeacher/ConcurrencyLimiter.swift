import Synchronization

/// An async semaphore: at most `limit` holders at once, waiters served first come,
/// first served. Shared by all batches of a teacher stage, so `concurrency` bounds the
/// requests in flight of the whole stage whatever its worker count.
final class ConcurrencyLimiter: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }
    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Waits for a slot.
    func acquire() async {
        let acquired = state.withLock { s -> Bool in
            if s.available > 0 {
                s.available -= 1
                return true
            }
            return false
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                // A slot may have been freed between the check above and here.
                if s.available > 0 {
                    s.available -= 1
                    return true
                }
                s.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Frees a slot, handing it straight to the oldest waiter if there is one.
    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.head < s.waiters.count {
                let c = s.waiters[s.head]
                s.head += 1
                if s.head > 64, s.head * 2 > s.waiters.count {
                    s.waiters.removeFirst(s.head)
                    s.head = 0
                }
                return c
            }
            s.available += 1
            return nil
        }
        next?.resume()
    }

    /// Runs `body` holding a slot.
    func withSlot<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }
}
