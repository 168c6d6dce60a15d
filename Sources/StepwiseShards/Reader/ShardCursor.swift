/// Streams decoded samples over a range of split positions, loading one shard at a time.
public struct ShardCursor: Sendable {
    let reader: ShardReader
    let range: Range<Int>
    private var position: Int
    private var current: LoadedShard?

    init(reader: ShardReader, range: Range<Int>) {
        self.reader = reader
        self.range = range
        self.position = range.lowerBound
    }

    /// The next sample, or `nil` at the end of the range.
    public mutating func next() throws -> ShardSample? {
        guard position < range.upperBound, let shard = reader.shardNumber(containing: position) else { return nil }
        if current?.number != shard { current = try reader.loadShard(shard) }
        guard let loaded = current else { return nil }
        let sample = try loaded.sample(position - loaded.start)
        position += 1
        return sample
    }
}
