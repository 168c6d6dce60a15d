import Foundation
import StepwiseCore
import Testing
@testable import StepwiseShards

/// Rank folders joined by `merge`: same entries as the ranks wrote, in rank order, with
/// `merge_index`'s basename prefixes; stats summed; the union equals a single-machine run.
@Suite struct ShardMergerTests {
    let options = ShardWriterOptions(sizeLimit: 3000)

    /// Writes `world` ranks of 30 samples, rank r taking samples with i % world == r.
    func partitionedRun(world: Int, emptyRank: Int? = nil) async throws -> URL {
        let root = try Support.tempDirectory("merge")
        for r in 0..<world {
            let dir = ShardDirectory.splitDirectory(root: root, split: "train", rank: r)
            let writer = try ShardWriter(directory: dir, schema: .stepwise(), options: options)
            if r != emptyRank {
                for i in stride(from: r, to: 30, by: world) {
                    try await writer.append(values: Support.sample(i, schema: .stepwise()), recordID: "ex-\(i)")
                }
            }
            try await writer.finish()
        }
        return root
    }

    @Test func mergedIndexHasMergeIndexShape() async throws {
        let root = try await partitionedRun(world: 3)
        defer { try? FileManager.default.removeItem(at: root) }
        let merged = try ShardMerger.merge(root: root)
        #expect(merged.map(\.samples) == [30])
        let train = root.appendingPathComponent("train")
        let text = try String(contentsOf: train.appendingPathComponent("index.json"), encoding: .utf8)
        #expect(text.hasPrefix("{\"version\": 2, \"shards\": [{\"column_encodings\": "))
        let index = try ShardIndex.load(from: train.appendingPathComponent("index.json"))
        var expected: [ShardIndexEntry] = []
        for r in 0..<3 {
            let part = try ShardIndex.load(from: train.appendingPathComponent(ShardDirectory.rankFolderName(r)).appendingPathComponent("index.json"))
            expected += part.shards.map { $0.prefixed(by: ShardDirectory.rankFolderName(r)) }
        }
        #expect(index.shards == expected)
        #expect(index.shards.first?.zipData?.basename == "00000/shard.00000.mds.zstd")

        // The union of the parts is the single-machine set of samples.
        var ids: [String] = []
        var cursor = try ShardReader(directory: train).samples()
        while let s = try cursor.next() { ids.append(s.id ?? "") }
        #expect(Set(ids) == Set((0..<30).map { "ex-\($0)" }) && ids.count == 30)

        // Stats summed over ranks equal a rescan of the merged split.
        let stats = try SplitStats.load(from: train.appendingPathComponent("stats.stepwise"))
        #expect(stats == (try ShardStatsScanner.scan(ShardReader(directory: train))))
        #expect(ShardVerifier.verify(root: root).allSatisfy { !$0.hasErrors })
    }

    @Test func emptyRankIsSkippedAndAMissingRankRefused() async throws {
        let root = try await partitionedRun(world: 3, emptyRank: 1)
        defer { try? FileManager.default.removeItem(at: root) }
        let merged = try ShardMerger.merge(root: root)
        #expect(merged.first?.emptyRanks == [1])
        #expect(merged.first?.samples == 20)
        try FileManager.default.removeItem(at: root.appendingPathComponent("train/00001"))
        #expect(throws: ShardError.self) { try ShardMerger.merge(root: root) }
    }

    @Test func verifyFlagsAMergeThatNoLongerMatchesTheRanks() async throws {
        let root = try await partitionedRun(world: 2)
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try ShardMerger.merge(root: root)
        // Rank 1 is rerun with fewer samples after the merge.
        let rank1 = root.appendingPathComponent("train/00001")
        try FileManager.default.removeItem(at: rank1)
        try await Support.writeSplit(rank1, count: 0, range: 1..<3, options: options)
        let problems = ShardVerifier.verify(root: root).flatMap(\.problems).filter { $0.severity == .error }
        #expect(problems.contains { $0.problem.contains("does not match the rank folders") })
    }
}
