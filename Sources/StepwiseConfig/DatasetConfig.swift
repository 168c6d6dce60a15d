import StepwiseCore

/// `dataset:` — which dataset, in which format, from where, which splits.
public struct DatasetConfig: Sendable, Hashable {
    /// `dataset.name`.
    public var name: DatasetName
    /// `dataset.format` (default `official`).
    public var format: DatasetFormat
    /// `dataset.source`: a file, directory or archive.
    public var source: ConfigPath
    /// `dataset.splits`, in the order given (default: every split the dataset has,
    /// see ``SplitName/defaults(for:)``).
    public var splits: [SplitName]
    /// `dataset.sample`: the deterministic subset taken before the teacher.
    public var sample: SampleConfig
    /// `dataset.round` (ANLI only, 1…3, default 1); `nil` for other datasets.
    public var round: Int?
    /// `dataset.explanations`: where the CoS-E files are (CQA only, default: `source`);
    /// `nil` for other datasets.
    public var explanations: ConfigPath?
    /// `dataset.on_bad_record` (default `fail`).
    public var onBadRecord: DatasetConfig.BadRecordPolicy
    /// `dataset.limit`: at most this many records of each split (after sampling); `nil`
    /// for all.
    public var limit: Int?
    /// `dataset.augment`: extra sources whose records join the train split (the paper's
    /// SVAMP + ASDiv); empty when none.
    public var augment: [AugmentSource]

    /// Fills in the defaults: `splits` nil → every split of `name`; `round` is kept (default
    /// 1) only for ANLI and `explanations` (default `source`) only for CQA.
    public init(
        name: DatasetName, format: DatasetFormat = .official, source: ConfigPath, splits: [SplitName]? = nil,
        sample: SampleConfig = SampleConfig(), round: Int? = nil, explanations: ConfigPath? = nil,
        onBadRecord: DatasetConfig.BadRecordPolicy = .fail, limit: Int? = nil, augment: [AugmentSource] = []
    ) {
        self.name = name
        self.format = format
        self.source = source
        self.splits = splits ?? SplitName.defaults(for: name)
        self.sample = sample
        self.round = name == .anli ? (round ?? 1) : nil
        self.explanations = name == .cqa ? (explanations ?? source) : nil
        self.onBadRecord = onBadRecord
        self.limit = limit
        self.augment = augment
    }
}

/// `dataset.format`: how the source is laid out.
public enum DatasetFormat: String, Sendable, Hashable, CaseIterable {
    /// The dataset's own distribution (e-SNLI CSV, ANLI zip, CQA + CoS-E JSONL, SVAMP
    /// JSON, ASDiv XML).
    case official
    /// The JSON-lines export the paper's code reads (`<name>_<split>.json`).
    case referenceJSONL = "reference-jsonl"
}

/// A split name as pipeline files and records spell it.
public enum SplitName: String, Sendable, Hashable, CaseIterable {
    /// Training data (the teacher labels it).
    case train
    /// Validation data (e-SNLI dev, ANLI dev).
    case valid
    /// Test data (CQA's dev set, as in the paper).
    case test

    /// The splits `dataset` has, which is also the default of `dataset.splits`:
    /// e-SNLI and ANLI train/valid/test, CQA and SVAMP train/test (CQA's test is its
    /// dev set, as in the paper), ASDiv train only.
    public static func defaults(for dataset: DatasetName) -> [SplitName] {
        switch dataset {
        case .esnli, .anli: return [.train, .valid, .test]
        case .cqa, .svamp: return [.train, .test]
        case .asdiv: return [.train]
        }
    }
}

/// `dataset.sample`: keep a deterministic fraction of each split.
///
/// Same seed → same records; with one seed, a smaller fraction is a subset of a larger one.
public struct SampleConfig: Sendable, Hashable {
    /// `sample.fraction`, in (0, 1] (default 1.0: everything).
    public var fraction: Double
    /// `sample.seed`, ≥ 0 (default 0).
    public var seed: Int

    public init(fraction: Double = 1.0, seed: Int = 0) {
        self.fraction = fraction
        self.seed = seed
    }
}

extension DatasetConfig {
    /// `dataset.on_bad_record`: what a loader does with a record it cannot read.
    public enum BadRecordPolicy: String, Sendable, Hashable, CaseIterable {
        /// Stop the run with an error naming file, line and problem.
        case fail
        /// Count it under a reason and write it to `rejects.jsonl`, then go on.
        case skip
    }
}

/// One item of `dataset.augment`: another source whose records are added to train.
public struct AugmentSource: Sendable, Hashable {
    /// `name`: the dataset; its labels must be of the same kind as the main dataset's.
    public var name: DatasetName
    /// `format` (default `official`).
    public var format: DatasetFormat
    /// `source`: file, directory or archive.
    public var source: ConfigPath
    /// `splits`: which of its splits are added to train (default `[train]`).
    public var splits: [SplitName]

    public init(name: DatasetName, format: DatasetFormat = .official, source: ConfigPath, splits: [SplitName] = [.train]) {
        self.name = name
        self.format = format
        self.source = source
        self.splits = splits
    }
}
