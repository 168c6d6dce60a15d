/// `run:` — dataflow tuning. These settings change speed and memory, never the output.
public struct RunConfig: Sendable, Hashable {
    /// `run.batch_size`: records per batch on the channels (default 256).
    public var batchSize: Int
    /// `run.workers`: parallel workers per parallel stage; `nil` (the default) means the
    /// number of CPU cores, resolved at run time.
    public var workers: Int?
    /// `run.channel_capacity`: batches a channel holds before its producer waits (default 4).
    public var channelCapacity: Int

    public init(batchSize: Int = 256, workers: Int? = nil, channelCapacity: Int = 4) {
        self.batchSize = batchSize
        self.workers = workers
        self.channelCapacity = channelCapacity
    }
}
