import Synchronization

/// Stops a run at a chosen point of the commit protocol, the way a crash there would: for
/// the crash tests, which then resume the run and compare it with a straight one.
///
/// The points are where a kill leaves the output directory in a state of its own: a
/// shard written and the run record's pending entry saved but the shard not yet renamed;
/// the shard listed in `index.json` but the run record not yet promoted; rejections
/// committed without a shard.
public final class FaultInjection: Sendable {
    public enum Point: String, Sendable, CaseIterable {
        /// After `beforeCommit` saved the pending entry, before the shard is renamed.
        case beforeShardRename
        /// After the shard is listed in `index.json`, before the run record promotes it.
        case beforeRecordPromotion
        /// After a commit of rejections alone.
        case afterRejectCheckpoint
    }

    /// The error the run stops with.
    public struct Fault: Error, CustomStringConvertible {
        public var point: Point
        public var occurrence: Int
        public var description: String { "injected fault at \(point.rawValue) #\(occurrence)" }
    }

    public let point: Point
    /// Which time the point is reached (1-based, over the whole run) that fails.
    public let occurrence: Int
    private let reached = Mutex(0)

    public init(point: Point, occurrence: Int) {
        self.point = point
        self.occurrence = occurrence
    }

    /// How many times the point was reached so far (an injection that never fires, with
    /// `occurrence` 0, counts the points of a straight run).
    public var reachedCount: Int { reached.withLock { $0 } }

    /// Throws when `point` is reached for the chosen time.
    func check(_ point: Point) throws {
        guard point == self.point else { return }
        let n = reached.withLock { n -> Int in
            n += 1
            return n
        }
        if n == occurrence { throw Fault(point: point, occurrence: n) }
    }
}
