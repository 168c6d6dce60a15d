import Synchronization

/// The registry of a run's stage counters, in pipeline order, and its rejects file.
///
/// Stages register when the flow is built; the progress display and the run record
/// read ``snapshots()``.
public final class RunMonitor: Sendable {
    private let stages = Mutex<[StageCounters]>([])
    /// Where dropped records go (`rejects.jsonl`), if anywhere.
    public let rejectSink: RejectSink?

    public init(rejectSink: RejectSink? = nil) {
        self.rejectSink = rejectSink
    }

    /// Registers a stage and returns its counters. A name registered twice gets the same counters.
    public func register(stage name: String) -> StageCounters {
        stages.withLock { list in
            if let existing = list.first(where: { $0.name == name }) { return existing }
            let counters = StageCounters(name: name)
            list.append(counters)
            return counters
        }
    }

    /// The counters of a registered stage.
    public func counters(for name: String) -> StageCounters? {
        stages.withLock { $0.first(where: { $0.name == name }) }
    }

    /// Snapshots of every stage, in pipeline order.
    public func snapshots() -> [StageCounterSnapshot] {
        stages.withLock { $0 }.map { $0.snapshot() }
    }
}
