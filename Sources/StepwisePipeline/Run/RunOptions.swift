import Foundation
import Logging
import StepwiseCore

/// The stage after which `--until` stops.
public enum StopStage: String, Sendable, CaseIterable {
    case load, prompt, teacher, parse, tokenize
}

/// Command-line settings of one run, on top of the pipeline file.
public struct RunOptions: Sendable {
    /// Overrides `output.dir`.
    public var outputDirectory: URL?
    /// Overrides `run.workers` (default: the CPU count).
    public var workers: Int?
    /// At most this many records per split (after sampling and partitioning).
    public var limit: Int?
    /// Stop after this stage and write its records as JSON lines to ``jsonl``.
    public var until: StopStage?
    /// Where `--until` writes (`-` is standard output).
    public var jsonl: String?
    /// Start over in the output directory (the teacher cache is kept).
    public var fresh = false
    public var rank = 0
    public var worldSize = 1
    public var progress: ProgressReporter.Mode = .quiet
    /// Held rejections after which they are committed on their own when no sample waits for
    /// a shard (tuning: the output is the same, only the resume point is finer).
    public var rejectCheckpointInterval = 1024
    /// For crash tests: stop the run at a point of the commit protocol.
    public var faultInjection: FaultInjection?
    public var logger = Logger(label: "stepwise")

    public init() {}
}

/// What a run did, for the closing message.
public struct RunSummary: Sendable {
    public var text: String
    public var record: RunRecord?
}
