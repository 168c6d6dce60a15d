import Foundation
import StepwiseCore

/// The loader stage: reads one split of one dataset, in the official format or the paper's
/// JSON-lines export, and emits ``SourceRecord`` batches in source order.
///
/// Contract:
/// - Streaming: files are read a chunk at a time (archives entry by entry, in place), so
///   memory does not grow with the file — except SVAMP.json, read whole because its split
///   needs every problem, and CommonsenseQA's questions, held by id for the CoS-E join.
/// - Positions: `index` counts every record of the split, skipped ones included.
/// - Partitioning: with `worldSize > 1` this loader handles only indices with
///   `index % worldSize == rank` (bad records too), independent of any worker count.
/// - Sampling: a record of this rank is kept when ``RecordSampler`` keeps its id; the others
///   are counted as `sampled_out` (not rejects).
/// - Bad records: with ``BadRecordPolicy/fail`` the first one throws its ``LoaderError``;
///   with ``BadRecordPolicy/skip`` it goes to `context.reject(id:reason:record:)` with reason
///   `bad_record` (`label_unparsed` for a task label that cannot be read) and the error as JSON (file, entry, line, index, id, problem).
/// - Cancellation is checked between batches; `limit` stops after that many records.
public struct DatasetLoader: BatchSource {
    public typealias Output = SourceRecord

    public let options: LoaderOptions
    public let split: String
    /// Opens the split's reader (called when producing starts).
    let makeReader: @Sendable () throws -> any SplitReader
    /// What the reader reads with (the dataset's settings), as JSON.
    public let readerSettings: JSONValue
    public var name: String { "load" }

    /// A loader of `split` reading records with the reader `makeReader` opens (a dataset
    /// descriptor makes it; see `StepwiseDatasets`), whose settings are `readerSettings`.
    public init(
        options: LoaderOptions, split: String, readerSettings: JSONValue = .null,
        makeReader: @escaping @Sendable () throws -> any SplitReader
    ) throws {
        try options.validate()
        self.options = options
        self.split = split
        self.readerSettings = readerSettings
        self.makeReader = makeReader
    }

    /// The settings it loads with, as JSON.
    public var settings: JSONValue {
        let load = options.load
        return .object([
            ("dataset", .string(options.dataset)), ("split", .string(split)), ("reader", readerSettings),
            ("fraction", .double(load.sample.fraction)), ("seed", .int(load.sample.seed)),
            ("on_bad_record", .string(load.onBadRecord.rawValue)), ("limit", load.limit.map(JSONValue.int) ?? .null),
            ("rank", .int(options.rank)), ("world_size", .int(options.worldSize)), ("batch_size", .int(options.batchSize)),
        ])
    }

    public func produce(context: SourceContext, emit: @escaping @Sendable ([SourceRecord]) async throws -> Void)
        async throws
    {
        let reader = try makeReader()
        let load = options.load
        let sampler = RecordSampler(fraction: load.sample.fraction, seed: UInt64(load.sample.seed))
        var batch: [SourceRecord] = []
        batch.reserveCapacity(options.batchSize)
        var emitted = 0
        var sampledOut = 0
        func flush() async throws {
            if sampledOut > 0 {
                context.counters.add("sampled_out", sampledOut)
                sampledOut = 0
            }
            if let p = reader.progress { context.counters.setProgress(done: p.done, total: p.total) }
            guard !batch.isEmpty else { return }
            try Task.checkCancellation()
            let out = batch
            batch.removeAll(keepingCapacity: true)
            try await emit(out)
        }
        try Task.checkCancellation()
        var read = 0
        while let item = try reader.next() {
            // Between batches is not enough when sampling or partitioning keeps few records.
            read += 1
            if read % 4096 == 0 { try Task.checkCancellation() }
            if options.worldSize > 1 && item.index % options.worldSize != options.rank { continue }
            switch item {
            case .bad(var error):
                if load.onBadRecord == .fail { throw error }
                // Rejects always name an id: the record's own, or its position.
                if error.recordID == nil { error.recordID = positionalID(options.dataset, split, item.index) }
                context.reject(id: error.recordID ?? "", reason: error.kind.rejectReason, record: error.jsonValue())
            case .record(let record):
                guard sampler.keeps(record.id) else {
                    sampledOut += 1
                    continue
                }
                batch.append(record)
                emitted += 1
                if let limit = load.limit, emitted >= limit {
                    try await flush()
                    return
                }
                if batch.count >= options.batchSize { try await flush() }
            }
        }
        try await flush()
    }
}
