import Foundation

/// What a ``ShardWriter`` reports after each shard is committed (renamed into place and
/// listed in `index.json`). A pipeline records it in its resume manifest.
public struct ShardCommit: Sendable, Hashable {
    /// The split directory (or rank folder) the shard is in.
    public var directory: URL
    /// 0-based shard number (`shard.00003…` is 3).
    public var shard: Int
    /// Samples in this shard.
    public var samples: Int
    /// Samples listed in this directory's `index.json` now, this shard included.
    public var committedSamples: Int
    /// The file written: `shard.00003.mds.zstd`.
    public var basename: String
}
