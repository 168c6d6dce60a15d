import Dispatch
import Synchronization

/// Thread-safe counters of one stage: records in, out, dropped by reason, named counts,
/// gauges and busy time. The one mechanism every stage reports through; the progress
/// display and the run record read snapshots of it.
public final class StageCounters: Sendable {
    public let name: String
    private let state = Mutex(StageCounterSnapshot(name: ""))

    public init(name: String) {
        self.name = name
        state.withLock { $0.name = name }
    }

    /// Applies one processed batch.
    public func record(in inCount: Int, out outCount: Int, rejections: [Rejection], extra: [String: Int]) {
        state.withLock { s in
            s.recordsIn += inCount
            s.recordsOut += outCount
            for r in rejections { s.dropped[r.reason, default: 0] += 1 }
            for (k, v) in extra { s.counts[k, default: 0] += v }
        }
    }

    /// Adds records that entered the pipeline through this stage (sources have no input).
    public func produced(_ count: Int) {
        state.withLock { $0.recordsOut += count }
    }

    public func addBusy(nanoseconds: UInt64) {
        state.withLock { $0.busyNanoseconds += nanoseconds }
    }

    /// Adds to a named count immediately (not ordered with batches).
    public func add(_ name: String, _ amount: Int = 1) {
        state.withLock { $0.counts[name, default: 0] += amount }
    }

    /// Adjusts a gauge by `delta`.
    public func adjustGauge(_ name: String, by delta: Int) {
        state.withLock { $0.gauges[name, default: 0] += delta }
    }

    /// How far the stage is through its input (a loader: bytes of its files), for the
    /// percentage and ETA of the progress display. A new total, or going back, starts a new
    /// measurement (the next split).
    public func setProgress(done: Int, total: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { s in
            if s.progressTotal != total || done < s.progressDone { s.progressStartNanoseconds = now }
            s.progressDone = done
            s.progressTotal = total
        }
    }

    public func snapshot() -> StageCounterSnapshot {
        state.withLock { $0 }
    }
}

/// A point-in-time copy of a stage's counters.
public struct StageCounterSnapshot: Sendable, Hashable, Codable {
    public var name: String
    public var recordsIn = 0
    public var recordsOut = 0
    public var dropped: [String: Int] = [:]
    public var counts: [String: Int] = [:]
    public var gauges: [String: Int] = [:]
    public var busyNanoseconds: UInt64 = 0
    /// How far through its input the stage is (see ``StageCounters/setProgress(done:total:)``).
    public var progressDone = 0
    public var progressTotal: Int?
    /// When the current progress measurement started (uptime nanoseconds).
    public var progressStartNanoseconds: UInt64 = 0

    public init(name: String) { self.name = name }

    public var droppedTotal: Int { dropped.values.reduce(0, +) }
    public var busySeconds: Double { Double(busyNanoseconds) / 1e9 }
}
