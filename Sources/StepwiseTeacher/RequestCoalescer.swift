import StepwiseCore
import Synchronization

/// How the teacher settled one distinct prompt (one cache key).
struct KeyOutcome: Sendable {
    var completion: String?
    var finishReason: String?
    var failure: String?
    /// Requests that carried this prompt in this run.
    var attempts: Int
    /// Served without a request of its own (cache hit, or another batch's request).
    var fromCache: Bool
    /// What its asks cost (from the server's `usage`, or estimated).
    var usage: TokenUsage? = nil
}

/// Makes sure a prompt is requested by one batch at a time: when two batches processed
/// concurrently need the same prompt, the second waits for the first one's answer
/// instead of sending it again.
///
/// Claim before looking up the cache: a key's claim is resolved only after its answer is
/// in the cache, so a batch that claims after the resolution finds it there.
final class RequestCoalescer: Sendable {
    private let waiting = Mutex<[CacheKey: [CheckedContinuation<KeyOutcome?, Never>]]>([:])

    /// Splits `keys` into those this caller now owns and those another batch owns.
    func claim(_ keys: [CacheKey]) -> (mine: [CacheKey], others: [CacheKey]) {
        waiting.withLock { table in
            var mine: [CacheKey] = []
            var others: [CacheKey] = []
            for key in keys {
                if table[key] != nil {
                    others.append(key)
                } else {
                    table[key] = []
                    mine.append(key)
                }
            }
            return (mine, others)
        }
    }

    /// Waits for the owner of `key`; `nil` when it had already finished (look in the cache).
    func wait(for key: CacheKey) async -> KeyOutcome? {
        await withCheckedContinuation { (continuation: CheckedContinuation<KeyOutcome?, Never>) in
            let pending = waiting.withLock { table -> Bool in
                guard table[key] != nil else { return false }
                table[key]!.append(continuation)
                return true
            }
            if !pending { continuation.resume(returning: nil) }
        }
    }

    /// Releases the claim on `key`, handing `outcome` to its waiters.
    func resolve(_ key: CacheKey, _ outcome: KeyOutcome) {
        let waiters = waiting.withLock { $0.removeValue(forKey: key) } ?? []
        var shared = outcome
        shared.fromCache = true
        shared.attempts = 0
        for w in waiters { w.resume(returning: shared) }
    }
}
