/// Rebuilds a directory's ``SplitStats`` by decoding every shard (`stats --recompute`,
/// and resume after a run stopped between the index and the stats commit).
public enum ShardStatsScanner {
    public static func scan(_ reader: ShardReader) throws -> SplitStats {
        var total = SplitStats()
        for i in 0..<reader.shardCount {
            let shard = try reader.loadShard(i)
            let entry = reader.index.shards[i]
            var lengths: [String: LengthHistogram] = [:]
            for k in 0..<shard.sampleCount {
                let sample = try shard.sample(k)
                for (name, value) in zip(sample.names, sample.values) {
                    if case .tokens(let t) = value { lengths[name, default: LengthHistogram()].add(length: t.count) }
                }
            }
            total.merge(SplitStats.shard(entry, lengths: lengths))
        }
        return total
    }
}
