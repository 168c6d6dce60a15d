import Foundation

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
    let run: @Sendable (@escaping @Sendable ([Element]) async throws -> Void) async throws -> Void
    public let monitor: RunMonitor
    /// Batches buffered between two stages.
    public let channelCapacity: Int

    /// Starts a flow from a source that produces batches.
    public init<Source: BatchSource>(source: Source, monitor: RunMonitor, channelCapacity: Int = 4)
    where Source.Output == Element {
        let counters = monitor.register(stage: source.name)
        self.monitor = monitor
        self.channelCapacity = channelCapacity
        let context = SourceContext(stage: source.name, counters: counters, rejects: monitor.rejectSink)
        self.run = { emit in
            do {
                try await source.produce(context: context) { batch in
                    counters.produced(batch.count)
                    guard !batch.isEmpty else { return }
                    try await emit(batch)
                }
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
        run: @escaping @Sendable (@escaping @Sendable ([Element]) async throws -> Void) async throws -> Void
    ) {
        self.monitor = monitor
        self.channelCapacity = channelCapacity
        self.run = run
    }

    /// Appends a stage. With `workers > 1` up to that many batches are processed at once;
    /// the output order still equals the input order.
    public func then<S: Stage>(_ stage: S, workers: Int = 1) -> Flow<S.Output> where S.Input == Element {
        let upstream = self.run
        let counters = monitor.register(stage: stage.name)
        let monitor = self.monitor
        let capacity = channelCapacity
        let rejects = monitor.rejectSink
        return Flow<S.Output>(monitor: monitor, channelCapacity: capacity) { emit in
            let channel = BoundedChannel<[Element]>(capacity: capacity)
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
                    transform: { (batch: [Element]) async throws -> ([S.Output], BatchContext, Int) in
                        var context = BatchContext(stage: name, counters: counters)
                        let start = DispatchTime.now().uptimeNanoseconds
                        defer { counters.addBusy(nanoseconds: DispatchTime.now().uptimeNanoseconds - start) }
                        do {
                            let out = try await stage.process(batch, context: &context)
                            return (out, context, batch.count)
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
                        counters.record(
                            in: inCount, out: out.count, rejections: context.rejections, extra: context.extraCounts)
                        if !context.rejections.isEmpty { try rejects?.write(context.rejections) }
                        if !out.isEmpty { try await emit(out) }
                    })
                try await group.waitForAll()
            }
        }
    }

    /// Runs the whole flow, handing every output batch to `sink` in order.
    public func drain(into sink: @escaping @Sendable ([Element]) async throws -> Void) async throws {
        try await run(sink)
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

/// What a ``BatchSource`` reports through: its counters and the rejects file.
public struct SourceContext: Sendable {
    public let stage: String
    public let counters: StageCounters
    public let rejects: RejectSink?
    /// Added to record indexes to form stream positions (see ``SourceRecord/position``).
    public let positionOffset: Int

    public init(stage: String, counters: StageCounters, rejects: RejectSink?, positionOffset: Int = 0) {
        self.stage = stage
        self.counters = counters
        self.rejects = rejects
        self.positionOffset = positionOffset
    }

    /// Counts a record the source skipped (e.g. a malformed line with `on_bad_record: skip`)
    /// under `reason` and writes it to `rejects.jsonl`.
    public func reject(id: String, index: Int? = nil, reason: String, record: JSONValue) throws {
        let position = (index ?? record["index"]?.intValue).map { $0 + positionOffset }
        let r = Rejection(stage: stage, recordID: id, sourceIndex: position, reason: reason, record: record)
        counters.record(in: 0, out: 0, rejections: [r], extra: [:])
        try rejects?.write([r])
    }
}
