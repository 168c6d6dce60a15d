import StepwiseCore
import Synchronization

/// The input of one split: one or more loaders read one after another (the dataset, then
/// any `augment` sources), records at positions up to `skipThrough` left out (their outcome
/// is committed already: resume) and at most `limit` records read.
///
/// Records of the k-th loader get `position = k × 10¹² + index`, so positions keep
/// increasing across loaders (they order `rejects.jsonl` and are never written).
/// Skipped records are not rejects; they are counted as `resumed`.
struct SplitSource<Loader: BatchSource>: BatchSource where Loader.Output == SourceRecord {
    static var positionStride: Int { 1_000_000_000_000 }

    let name = "load"
    let loaders: [Loader]
    let skipThrough: Int
    let limit: Int?

    func produce(context: SourceContext, emit: @escaping @Sendable ([SourceRecord]) async throws -> Void) async throws {
        let emitted = Mutex(0)
        do {
            for (k, loader) in loaders.enumerated() {
                let base = k * Self.positionStride
                let loaderContext = context.offsettingPositions(by: base)
                try await loader.produce(context: loaderContext) { batch in
                    var out: [SourceRecord] = []
                    out.reserveCapacity(batch.count)
                    var skipped = 0
                    let reachedLimit = emitted.withLock { n -> Bool in
                        for var record in batch {
                            if let limit, n >= limit { return true }
                            n += 1
                            // Setting it unchanged would copy the record's shared storage.
                            if record.position != base + record.index { record.position = base + record.index }
                            if record.position <= skipThrough {
                                skipped += 1
                                continue
                            }
                            out.append(record)
                        }
                        return false
                    }
                    if skipped > 0 { context.counters.add("resumed", skipped) }
                    if !out.isEmpty { try await emit(out) }
                    if reachedLimit { throw LimitReached() }
                }
            }
        } catch is LimitReached {
            return
        }
    }
}

/// Thrown inside ``SplitSource`` to stop reading once the limit is reached.
private struct LimitReached: Error {}
