import Foundation
import Synchronization

/// A chain of stages from a source to a sink, connected by ``BoundedChannel``s.
///
/// Build it from a source, add stages with ``then(_:workers:)``, and run it with
/// ``drain(into:)``:
///
/// ```swift
/// try await Flow(source: loader, monitor: monitor)
///     .then(promptStage, workers: 2)
///     .then(teacherStage)
///     .drain { batch in try writer.write(batch) }
/// ```
///
/// Every stage runs in its own child task and reads batches from the channel before it,
/// so stages work concurrently while each channel bounds the memory between two stages.
/// An error in any stage cancels the others and is rethrown from `drain`, wrapped in a
/// ``StageError`` naming the stage (and the record, where the stage named one).
public struct Flow<Element: Sendable>: Sendable {
    /// Runs everything upstream, handing each output batch to `emit` in order.
    let run: @Sendable (@escaping @Sendable (Batch<Element>) async throws -> Void) async throws -> Void
    public let monitor: RunMonitor
    /// Batches buffered between two stages.
    public let channelCapacity: Int

    /// Starts a flow from a source that produces batches.
    public init<Source: BatchSource>(source: Source, monitor: RunMonitor, channelCapacity: Int = 4)
    where Source.Output == Element {
        let counters = monitor.register(stage: source.name)
        self.monitor = monitor
        self.channelCapacity = channelCapacity
        self.run = { emit in
            let held = HeldRejections()
            let context = SourceContext(stage: source.name, counters: counters, held: held)
            // The source is busy from the return of one `emit` to the call of the next (the
            // time in `emit` is waiting for room downstream).
            let producing = BusyClock(counters)
            defer { producing.stop() }
            do {
                try await source.produce(context: context) { records in
                    producing.stop()
                    defer { producing.start() }
                    counters.produced(records.count)
                    let batch = Batch(records: records, rejections: held.take())
                    guard !batch.isEmpty else { return }
                    try await emit(batch)
                }
                let rest = held.take()
                if !rest.isEmpty { try await emit(Batch(records: [], rejections: rest)) }
            } catch let error as StageError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw StageError(stage: source.name, recordID: (error as? RecordError)?.recordID, underlying: error)
            }
        }
    }

    private init(
        monitor: RunMonitor, channelCapacity: Int,
        run: @escaping @Sendable (@escaping @Sendable (Batch<Element>) async throws -> Void) async throws -> Void
    ) {
        self.monitor = monitor
        self.channelCapacity = channelCapacity
        self.run = run
    }

    /// Appends a stage. With `workers > 1` up to that many batches are processed at once;
    /// the output order still equals the input order. Records the stage drops join the
    /// batch's rejections.
    public func then<S: Stage>(_ stage: S, workers: Int = 1) -> Flow<S.Output> where S.Input == Element {
        let upstream = self.run
        let counters = monitor.register(stage: stage.name)
        let monitor = self.monitor
        let capacity = channelCapacity
        return Flow<S.Output>(monitor: monitor, channelCapacity: capacity) { emit in
            let channel = BoundedChannel<Batch<Element>>(capacity: capacity)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await upstream { batch in try await channel.send(batch) }
                        channel.finish()
                    } catch {
                        channel.fail(error)
                        throw error
                    }
                }
                let name = stage.name
                try await OrderedParallelMap.run(
                    channel.elements, workers: max(1, workers),
                    transform: { (batch: Batch<Element>) async throws -> (Batch<S.Output>, BatchContext, Int) in
                        var context = BatchContext(stage: name, counters: counters)
                        // Only rejections (everything upstream dropped): nothing for the stage to do.
                        guard !batch.records.isEmpty else {
                            return (Batch(records: [], rejections: batch.rejections), context, 0)
                        }
                        let start = DispatchTime.now().uptimeNanoseconds
                        defer { counters.addBusy(nanoseconds: DispatchTime.now().uptimeNanoseconds - start) }
                        do {
                            let out = try await stage.process(batch.records, context: &context)
                            return (Batch(records: out, rejections: batch.rejections + context.rejections), context, batch.records.count)
                        } catch let error as StageError {
                            throw error
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            throw StageError(
                                stage: name, recordID: (error as? RecordError)?.recordID, underlying: error)
                        }
                    },
                    emit: { result in
                        let (out, context, inCount) = result
                        if inCount > 0 {
                            counters.record(
                                in: inCount, out: out.records.count, rejections: context.rejections,
                                extra: context.extraCounts)
                        }
                        if !out.isEmpty { try await emit(out) }
                    })
                try await group.waitForAll()
            }
        }
    }

    /// Runs the whole flow, handing every output batch — records and the rejections that
    /// came with them — to `sink` in order.
    public func drainBatches(into sink: @escaping @Sendable (Batch<Element>) async throws -> Void) async throws {
        try await run(sink)
    }

    /// Runs the whole flow, handing the records of every output batch to `sink` in order
    /// and writing the rejections to the monitor's rejects file (when it has one).
    public func drain(into sink: @escaping @Sendable ([Element]) async throws -> Void) async throws {
        let rejects = monitor.rejectSink
        try await run { batch in
            if !batch.rejections.isEmpty { try rejects?.write(batch.rejections) }
            if !batch.records.isEmpty { try await sink(batch.records) }
        }
    }
}

/// The first element of a flow: produces batches of records (a loader, a shard reader).
public protocol BatchSource<Output>: Sendable {
    associatedtype Output: Sendable
    var name: String { get }
    /// Produces every batch, calling `emit` for each; `emit` suspends under back-pressure.
    /// Implementations must stop promptly (throw `CancellationError`) when the task is cancelled.
    func produce(context: SourceContext, emit: @escaping @Sendable ([Output]) async throws -> Void) async throws
}

/// What a ``BatchSource`` reports through: its counters, and the records it skips.
public struct SourceContext: Sendable {
    public let stage: String
    public let counters: StageCounters
    /// Skipped records waiting to ride the next batch.
    let held: HeldRejections
    /// Added to record indexes to form stream positions (see ``SourceRecord/position``).
    public let positionOffset: Int

    /// A context outside a flow (tests, tools); ``takeRejections()`` returns what it skipped.
    public init(stage: String, counters: StageCounters) {
        self.init(stage: stage, counters: counters, held: HeldRejections())
    }

    /// The rejections held so far, removed.
    public func takeRejections() -> [Rejection] { held.take() }

    init(stage: String, counters: StageCounters, held: HeldRejections, positionOffset: Int = 0) {
        self.stage = stage
        self.counters = counters
        self.held = held
        self.positionOffset = positionOffset
    }

    /// The same context with stream positions offset by `offset` (one source made of several).
    public func offsettingPositions(by offset: Int) -> SourceContext {
        SourceContext(stage: stage, counters: counters, held: held, positionOffset: offset)
    }

    /// Counts a record the source skipped (e.g. a malformed line with `on_bad_record: skip`)
    /// under `reason`; it goes down the flow with the next batch to `rejects.jsonl`.
    public func reject(id: String, index: Int? = nil, reason: String, record: JSONValue) {
        let position = (index ?? record["index"]?.intValue).map { $0 + positionOffset }
        let r = Rejection(stage: stage, recordID: id, sourceIndex: position, reason: reason, record: record)
        counters.record(in: 0, out: 0, rejections: [r], extra: [:])
        held.add(r)
    }
}

/// Rejections of a source, held until its next batch.
final class HeldRejections: Sendable {
    private let list = Mutex<[Rejection]>([])
    func add(_ r: Rejection) { list.withLock { $0.append(r) } }
    func take() -> [Rejection] { list.withLock { l in defer { l = [] }; return l } }
}

/// Adds the time between `start()` (or creation) and `stop()` to a stage's busy time; used
/// by one task at a time.
final class BusyClock: @unchecked Sendable {
    private let counters: StageCounters
    private var started: UInt64?

    init(_ counters: StageCounters) {
        self.counters = counters
        started = DispatchTime.now().uptimeNanoseconds
    }

    func start() { started = DispatchTime.now().uptimeNanoseconds }

    func stop() {
        guard let started else { return }
        counters.addBusy(nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
        self.started = nil
    }
}
