/// A file written beside every MDS shard from the same samples (the Parquet copy of a
/// split), committed with its shard so it resumes exactly as the shards do.
///
/// Contract, as ``ShardWriter`` calls it:
/// - ``prepareForWriting(committedShards:)`` once, when the writer opens its directory:
///   remove what an interrupted run left for shards numbered `committedShards` or later,
///   check that the committed shards' files are there.
/// - ``write(shard:)`` off the writer's task, from the shard's decoded samples: write the
///   file under a temporary name (fsynced) and say where it goes.
/// - The writer renames that file into place just *before* the shard itself, so a listed
///   shard always has its companion, and a companion without a listed shard is removed by
///   the next ``prepareForWriting(committedShards:)``.
/// - ``finish(shardCount:)`` after the last shard is committed (file names that need the
///   total, `train-00000-of-00004.parquet`); it must be safe to call again after a kill.
public protocol ShardCompanion: Sendable {
    func prepareForWriting(committedShards: Int) throws
    func write(shard: LoadedShard) throws -> CompanionFile
    func finish(shardCount: Int) throws
}

/// A companion file waiting under its temporary name.
public struct CompanionFile: Sendable, Hashable {
    public var partialPath: String
    public var finalPath: String

    public init(partialPath: String, finalPath: String) {
        self.partialPath = partialPath
        self.finalPath = finalPath
    }
}
