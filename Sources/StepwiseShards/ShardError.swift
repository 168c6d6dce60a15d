/// Everything that can go wrong reading, writing, verifying or merging shards.
///
/// Each case names the file it is about, so a message reads well on a terminal:
/// `OUT/train/shard.00003.mds.zstd: zstd frame is truncated`.
public enum ShardError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A file is damaged or does not match what the index says.
    case damaged(path: String, problem: String)
    /// `index.json` (or a stats file) is not what the format demands.
    case badIndex(path: String, problem: String)
    /// A file could not be read, written, renamed or removed.
    case io(path: String, problem: String)
    /// A value cannot be written with the chosen schema (a token out of range, a missing column).
    case badValue(recordID: String, problem: String)
    /// The writer's settings are unusable or differ from the directory being resumed.
    case configuration(String)
    /// A split directory has nothing to read.
    case noShards(path: String)

    public var description: String {
        switch self {
        case .damaged(let path, let problem): return "\(path): \(problem)"
        case .badIndex(let path, let problem): return "\(path): \(problem)"
        case .io(let path, let problem): return "\(path): \(problem)"
        case .badValue(let recordID, let problem): return "record '\(recordID)': \(problem)"
        case .configuration(let message): return message
        case .noShards(let path): return "\(path): no index.json with samples (nothing written here yet?)"
        }
    }
}
