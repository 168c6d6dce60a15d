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
///   `bad_record` and the error as JSON (file, entry, line, index, id, problem).
/// - Cancellation is checked between batches; `limit` stops after that many records.
public struct DatasetLoader: BatchSource {
    public typealias Output = SourceRecord

    public let options: LoaderOptions
    public let split: String
    public var name: String { "load" }

    /// Checks the options and that the source exists; files are opened when producing.
    public init(options: LoaderOptions, split: String) throws {
        try options.validate(split: split)
        _ = try DataLocation(url: options.source)
        if let explanations = options.explanations { _ = try DataLocation(url: explanations) }
        self.options = options
        self.split = split
    }

    /// The splits a dataset has, in the order a pipeline runs them.
    public static func availableSplits(for dataset: DatasetName) -> [String] {
        switch dataset {
        case .esnli: return ESNLI.splits
        case .anli: return ANLI.splits
        case .cqa: return CQA.splits
        case .svamp: return SVAMP.splits
        case .asdiv: return ASDiv.splits
        }
    }

    /// The file name of a split in the paper's JSON-lines export (`anli1_valid.json`, …).
    public static func referenceFileName(dataset: DatasetName, split: String, round: Int = 1) -> String {
        let name = dataset == .anli ? "anli\(round)" : dataset.rawValue
        return "\(name)_\(split).json"
    }

    public func produce(context: SourceContext, emit: @escaping @Sendable ([SourceRecord]) async throws -> Void)
        async throws
    {
        let reader = try makeReader()
        let sampler = RecordSampler(fraction: options.sampleFraction, seed: options.sampleSeed)
        var batch: [SourceRecord] = []
        batch.reserveCapacity(options.batchSize)
        var emitted = 0
        var sampledOut = 0
        func flush() async throws {
            if sampledOut > 0 {
                context.counters.add("sampled_out", sampledOut)
                sampledOut = 0
            }
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
                if options.onBadRecord == .fail { throw error }
                // Rejects always name an id: the record's own, or its position.
                if error.recordID == nil { error.recordID = positionalID(options.dataset, split, item.index) }
                context.reject(id: error.recordID ?? "", reason: "bad_record", record: error.jsonValue())
            case .record(let record):
                guard sampler.keeps(record.id) else {
                    sampledOut += 1
                    continue
                }
                batch.append(record)
                emitted += 1
                if let limit = options.limit, emitted >= limit {
                    try await flush()
                    return
                }
                if batch.count >= options.batchSize { try await flush() }
            }
        }
        try await flush()
    }

    func makeReader() throws -> any SplitReader {
        let location = try DataLocation(url: options.source)
        let split = self.split
        switch (options.dataset, options.format) {
        case (.esnli, .official):
            return ESNLI.CSVSplitReader(location: location, split: split)
        case (.anli, .official):
            return JSONLinesSplitReader(
                location: location, file: ANLI.officialFile(round: options.round, split: split), idKey: "uid"
            ) { (value, access) throws(LoaderError) in try ANLI.officialRecord(value, access: access, split: split) }
        case (.cqa, .official):
            let explanations = try options.explanations.map { try DataLocation(url: $0) } ?? location
            return CQA.OfficialSplitReader(questions: location, explanations: explanations, split: split)
        case (.svamp, .official):
            return SVAMP.OfficialSplitReader(location: location, split: split)
        case (.asdiv, .official):
            return ASDiv.OfficialSplitReader(location: location)
        case (let dataset, .referenceJSONL):
            let file = Self.referenceFileName(dataset: dataset, split: split, round: options.round)
            let idKey: String? = dataset == .anli ? "uid" : (dataset == .cqa ? "id" : nil)
            return JSONLinesSplitReader(location: location, file: file, idKey: idKey) {
                (value, access) throws(LoaderError) in
                switch dataset {
                case .esnli: return try ESNLI.referenceRecord(value, access: access, split: split)
                case .anli: return try ANLI.referenceRecord(value, access: access, split: split)
                case .cqa: return try CQA.referenceRecord(value, access: access, split: split)
                case .svamp, .asdiv:
                    return try SVAMP.referenceRecord(value, access: access, dataset: dataset, split: split)
                }
            }
        }
    }
}
