import Foundation
import StepwiseConfig
import StepwiseCore

/// What a loader does with a record it cannot read (`dataset.on_bad_record`).
public enum BadRecordPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stop with a ``LoaderError`` naming the file, line and problem (the default).
    case fail
    /// Count it under the reason `bad_record` and write it to `rejects.jsonl`, then go on.
    case skip
}

/// `dataset.sample`: keep a deterministic fraction of each split.
///
/// Same seed → same records; with one seed, a smaller fraction is a subset of a larger one.
public struct SampleOptions: Sendable, Hashable {
    /// `sample.fraction`, in (0, 1] (default 1.0: everything).
    public var fraction: Double
    /// `sample.seed`, ≥ 0 (default 0).
    public var seed: Int

    public init(fraction: Double = 1.0, seed: Int = 0) {
        self.fraction = fraction
        self.seed = seed
    }

    public static let keys = ["fraction", "seed"]
}

/// The keys of `dataset:` that every loader obeys, whatever the dataset: sampling, bad
/// records and a per-split limit.
public struct LoadOptions: Sendable, Hashable {
    /// `dataset.sample`.
    public var sample: SampleOptions
    /// `dataset.on_bad_record` (default `fail`).
    public var onBadRecord: BadRecordPolicy
    /// `dataset.limit`: at most this many records of each split (after sampling); `nil`
    /// for all.
    public var limit: Int?

    public init(sample: SampleOptions = SampleOptions(), onBadRecord: BadRecordPolicy = .fail, limit: Int? = nil) {
        self.sample = sample
        self.onBadRecord = onBadRecord
        self.limit = limit
    }

    public static let keys = ["sample", "on_bad_record", "limit"]

    /// Decodes these keys of `dataset:`; `nil` when one is wrong (reported).
    public static func decode(_ s: ConfigSection) -> LoadOptions? {
        var ok = true
        var sample = SampleOptions()
        if let ss = s.section("sample", known: SampleOptions.keys) {
            if let fraction = ss.number("fraction", expected: "a number greater than 0 and at most 1", accept: { $0 > 0 && $0 <= 1 }) {
                sample.fraction = fraction
            } else if ss.has("fraction") { ok = false }
            if let seed = ss.nonNegativeInt("seed") { sample.seed = seed } else if ss.has("seed") { ok = false }
        } else if s.has("sample") { ok = false }
        let onBadRecord = s.choice("on_bad_record", BadRecordPolicy.self)
        let limit = s.positiveInt("limit")
        guard ok, s.allPresentDecoded(["on_bad_record": onBadRecord, "limit": limit]) else { return nil }
        return LoadOptions(sample: sample, onBadRecord: onBadRecord ?? .fail, limit: limit)
    }

    public var canonicalFields: [(String, JSONValue)] {
        [
            ("sample", .object([("fraction", .double(sample.fraction)), ("seed", .int(sample.seed))])),
            ("on_bad_record", .string(onBadRecord.rawValue)), ("limit", limit.map(JSONValue.int) ?? .null),
        ]
    }
}

/// Everything a ``DatasetLoader`` needs besides its reader, one split at a time.
public struct LoaderOptions: Sendable, Hashable {
    /// The dataset's name, for the ids of records whose source has none (`<name>-<split>-<i>`).
    public var dataset: String
    public var load: LoadOptions
    /// This process's part of a deterministic `1/worldSize` partition by record index.
    public var rank: Int
    public var worldSize: Int
    /// Records per emitted batch.
    public var batchSize: Int

    public init(dataset: String, load: LoadOptions = LoadOptions(), rank: Int = 0, worldSize: Int = 1, batchSize: Int = 256) {
        self.dataset = dataset
        self.load = load
        self.rank = rank
        self.worldSize = worldSize
        self.batchSize = batchSize
    }

    /// Throws a ``LoaderError`` of kind `invalid_options` for values out of range.
    public func validate() throws {
        func invalid(_ message: String) -> LoaderError {
            LoaderError(.invalidOptions, file: dataset, message: message)
        }
        guard load.sample.fraction > 0 && load.sample.fraction <= 1 else {
            throw invalid("sample fraction must be in (0, 1], not \(load.sample.fraction)")
        }
        guard worldSize >= 1, rank >= 0, rank < worldSize else {
            throw invalid("rank \(rank) is not within world size \(worldSize)")
        }
        guard batchSize >= 1 else { throw invalid("batch size must be at least 1") }
        if let limit = load.limit, limit < 0 { throw invalid("limit must not be negative") }
    }
}
