import Foundation
import StepwiseCore

/// Which distribution of a dataset a loader reads.
public enum SourceFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// The dataset's own distribution: e-SNLI CSV, ANLI JSONL in its zip, CommonsenseQA +
    /// CoS-E JSONL, SVAMP.json, ASDiv.xml.
    case official
    /// The paper's JSON-lines export, `<name>_<split>.json` (`esnli`, `anli1`, `cqa`, `svamp`;
    /// and `asdiv` with the same fields as `svamp`).
    case referenceJSONL = "reference-jsonl"
}

/// What a loader does with a record it cannot read.
public enum BadRecordPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stop with a ``LoaderError`` naming the file, line and problem (the default).
    case fail
    /// Count it under the reason `bad_record` and write it to `rejects.jsonl`, then go on.
    case skip
}

/// Everything a ``DatasetLoader`` needs to know, one split at a time.
public struct LoaderOptions: Sendable, Hashable {
    public var dataset: DatasetName
    public var format: SourceFormat
    /// A file, a directory, or an archive (zip, tar, tar.gz, tar.zst) holding the files.
    public var source: URL
    /// Where the CoS-E files are (CommonsenseQA only); `nil` means `source`.
    public var explanations: URL?
    /// The ANLI round, 1 to 3.
    public var round: Int
    public var onBadRecord: BadRecordPolicy
    /// The share of records kept, in (0, 1]; chosen by a hash of the seed and the record id.
    public var sampleFraction: Double
    public var sampleSeed: UInt64
    /// This process's part of a deterministic `1/worldSize` partition by record index.
    public var rank: Int
    public var worldSize: Int
    /// Records per emitted batch.
    public var batchSize: Int
    /// Stop after this many emitted records.
    public var limit: Int?

    public init(
        dataset: DatasetName, format: SourceFormat = .official, source: URL, explanations: URL? = nil,
        round: Int = 1, onBadRecord: BadRecordPolicy = .fail, sampleFraction: Double = 1.0, sampleSeed: UInt64 = 0,
        rank: Int = 0, worldSize: Int = 1, batchSize: Int = 256, limit: Int? = nil
    ) {
        self.dataset = dataset
        self.format = format
        self.source = source
        self.explanations = explanations
        self.round = round
        self.onBadRecord = onBadRecord
        self.sampleFraction = sampleFraction
        self.sampleSeed = sampleSeed
        self.rank = rank
        self.worldSize = worldSize
        self.batchSize = batchSize
        self.limit = limit
    }

    /// Throws a ``LoaderError`` of kind `invalid_options` for values out of range.
    public func validate(split: String) throws {
        func invalid(_ message: String) -> LoaderError {
            LoaderError(.invalidOptions, file: source.path, message: message)
        }
        let splits = DatasetLoader.availableSplits(for: dataset)
        guard splits.contains(split) else {
            throw invalid("\(dataset.rawValue) has no split '\(split)' (it has \(splits.joined(separator: ", ")))")
        }
        if dataset == .anli && !(1...3).contains(round) { throw invalid("ANLI round must be 1, 2 or 3, not \(round)") }
        guard sampleFraction > 0 && sampleFraction <= 1 else {
            throw invalid("sample fraction must be in (0, 1], not \(sampleFraction)")
        }
        guard worldSize >= 1, rank >= 0, rank < worldSize else {
            throw invalid("rank \(rank) is not within world size \(worldSize)")
        }
        guard batchSize >= 1 else { throw invalid("batch size must be at least 1") }
        if let limit, limit < 0 { throw invalid("limit must not be negative") }
    }
}
