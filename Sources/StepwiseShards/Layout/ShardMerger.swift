import Foundation

/// `stepwise merge`: joins the rank folders of each split of a partitioned run into one
/// `OUT/<split>/index.json`, in the shape `streaming.base.util.merge_index` writes
/// (`version` first; every entry as its rank wrote it, basenames prefixed `00003/`), and
/// sums their `stats.stepwise` files.
public enum ShardMerger {
    /// What merging one split produced.
    public struct SplitMerge: Sendable, Hashable {
        public var split: String
        public var ranks: Int
        /// Ranks that wrote no samples (no index, zero-count stats).
        public var emptyRanks: [Int]
        public var shards: Int
        public var samples: Int
    }

    /// Merges every split of `root` that has rank folders.
    public static func merge(root: URL) throws -> [SplitMerge] {
        var done: [SplitMerge] = []
        for split in ShardDirectory.splits(in: root) {
            let dir = root.appendingPathComponent(split)
            let ranks = ShardDirectory.rankFolders(in: dir)
            guard !ranks.isEmpty else { continue }
            let merged = try mergedIndex(of: dir, ranks: ranks)
            if merged.index.shards.isEmpty {
                try DurableFile.remove(dir.appendingPathComponent("index.json").path)
            } else {
                try DurableFile.replace(dir.appendingPathComponent("index.json").path, with: merged.index.encodedAsMerged())
            }
            try DurableFile.replace(dir.appendingPathComponent(SplitStats.fileName).path, with: merged.stats.encoded())
            done.append(SplitMerge(
                split: split, ranks: ranks.count, emptyRanks: merged.emptyRanks, shards: merged.index.shards.count,
                samples: merged.index.sampleCount))
        }
        return done
    }

    /// The merged index and stats of a split's rank folders, without writing anything.
    /// Refuses gaps in the rank numbers, rank folders without an index (unless they
    /// finished with zero samples) and shard files beside the rank folders.
    static func mergedIndex(
        of splitDirectory: URL, ranks: [(rank: Int, url: URL)]
    ) throws -> (index: ShardIndex, stats: SplitStats, emptyRanks: [Int]) {
        for (position, (rank, _)) in ranks.enumerated() where rank != position {
            throw ShardError.configuration(
                "\(splitDirectory.path): rank folder \(ShardDirectory.rankFolderName(position)) is missing "
                    + "(found ranks up to \(ShardDirectory.rankFolderName(ranks.last?.rank ?? 0)))")
        }
        let own = ((try? FileManager.default.contentsOfDirectory(atPath: splitDirectory.path)) ?? [])
            .filter { $0.hasPrefix("shard.") }
        if let stray = own.sorted().first {
            throw ShardError.configuration(
                "\(splitDirectory.appendingPathComponent(stray).path): a shard beside rank folders; "
                    + "a single-machine run and a partitioned run were written into the same directory")
        }
        var entries: [ShardIndexEntry] = []
        var stats = SplitStats()
        var empty: [Int] = []
        for (rank, url) in ranks {
            let folder = ShardDirectory.rankFolderName(rank)
            let indexURL = url.appendingPathComponent("index.json")
            let statsURL = url.appendingPathComponent(SplitStats.fileName)
            guard FileManager.default.fileExists(atPath: indexURL.path) else {
                if let s = try? SplitStats.load(from: statsURL), s.samples == 0 {
                    empty.append(rank)
                    continue
                }
                throw ShardError.configuration(
                    "\(indexURL.path) is missing: rank \(rank) has not committed a shard yet (or did not finish)")
            }
            let index = try ShardIndex.load(from: indexURL)
            entries += index.shards.map { $0.prefixed(by: folder) }
            if let s = try? SplitStats.load(from: statsURL), s.matches(index) {
                stats.merge(s)
            } else {
                stats.merge(try ShardStatsScanner.scan(ShardReader(directory: url)))
            }
        }
        return (ShardIndex(shards: entries), stats, empty)
    }
}
