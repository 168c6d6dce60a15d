import StepwiseConfig
import StepwiseCore

/// `run:` — dataflow tuning. These settings change speed and memory, never the output.
public struct RunSettings: PipelineSection {
    /// `run.batch_size`: records per batch on the channels (default 512: fewer hand-offs
    /// between stages; 1024 was another 3% faster on e-SNLI but took 285 MB).
    public var batchSize: Int
    /// `run.workers`: parallel workers per parallel stage; `nil` (the default) means the
    /// number of CPU cores, resolved at run time.
    public var workers: Int?
    /// `run.channel_capacity`: batches a channel holds before its producer waits (default 4).
    public var channelCapacity: Int

    public init(batchSize: Int = 512, workers: Int? = nil, channelCapacity: Int = 4) {
        self.batchSize = batchSize
        self.workers = workers
        self.channelCapacity = channelCapacity
    }

    public static let keys = ["batch_size", "workers", "channel_capacity"]

    public static func decode(_ s: ConfigSection) -> RunSettings? {
        let batchSize = s.positiveInt("batch_size")
        let workers = s.positiveInt("workers")
        let capacity = s.positiveInt("channel_capacity")
        guard s.allPresentDecoded(["batch_size": batchSize, "workers": workers, "channel_capacity": capacity]) else { return nil }
        let defaults = RunSettings()
        return RunSettings(
            batchSize: batchSize ?? defaults.batchSize, workers: workers, channelCapacity: capacity ?? defaults.channelCapacity)
    }

    public var canonical: JSONValue {
        ["batch_size": .int(batchSize), "workers": workers.map(JSONValue.int) ?? .null, "channel_capacity": .int(channelCapacity)]
    }
}
