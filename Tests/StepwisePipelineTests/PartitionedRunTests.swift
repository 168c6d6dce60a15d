import Foundation
import StepwisePipeline
import StepwiseShards
import Testing

/// `--rank R --world-size N`: each rank writes its part into `OUT/<split>/0000R/`, and
/// the merged parts hold exactly the samples of a single-machine run.
@Suite struct PartitionedRunTests {
    @Test func twoRanksMergedEqualTheSingleMachineRun() async throws {
        let scratch = try ScratchDirectory("ranks")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        let config = try copy.load(into: scratch.url)

        let single = scratch.path("single")
        try await runPipeline(config, out: single)
        let parted = scratch.path("parted")
        try await runPipeline(config, out: parted, rank: 0, worldSize: 2)
        try await runPipeline(config, out: parted, rank: 1, worldSize: 2)

        let fm = FileManager.default
        for name in ["run.rank-00000.json", "run.rank-00001.json", "rejects.rank-00000.jsonl", "rejects.rank-00001.jsonl"] {
            #expect(fm.fileExists(atPath: parted.appendingPathComponent(name).path), "no \(name)")
        }
        #expect(!fm.fileExists(atPath: parted.appendingPathComponent("run.json").path))

        var rankIDs: [String: [Set<String>]] = [:]
        for split in quickstartSplits {
            for rank in 0..<2 {
                let folder = parted.appendingPathComponent(split).appendingPathComponent(String(format: "%05d", rank))
                #expect(fm.fileExists(atPath: folder.path), "no rank folder \(split)/\(folder.lastPathComponent)")
                let ids = fm.fileExists(atPath: folder.appendingPathComponent("index.json").path)
                    ? try shardSampleIDs(folder) : []
                rankIDs[split, default: []].append(Set(ids))
            }
            // Nothing of a partitioned run lands beside the rank folders.
            let own = try fm.contentsOfDirectory(atPath: parted.appendingPathComponent(split).path)
            #expect(own.sorted() == ["00000", "00001"], "\(split) holds \(own.sorted())")
        }

        let merged = try ShardMerger.merge(root: parted)
        #expect(Set(merged.map(\.split)) == Set(quickstartSplits))
        var totalPerRank = [0, 0]
        for split in quickstartSplits {
            let expected = try shardSampleIDs(single.appendingPathComponent(split))
            let parts = try #require(rankIDs[split])
            #expect(parts[0].isDisjoint(with: parts[1]), "\(split): a sample is in both ranks")
            #expect(parts[0].union(parts[1]) == Set(expected), "\(split): the ranks' union differs from the single run")
            let mergedIDs = try shardSampleIDs(parted.appendingPathComponent(split))
            #expect(mergedIDs.count == expected.count)
            #expect(Set(mergedIDs) == Set(expected))
            #expect(merged.first { $0.split == split }?.samples == expected.count)
            totalPerRank[0] += parts[0].count
            totalPerRank[1] += parts[1].count
        }
        // A real partition: both ranks did some of the work.
        #expect(totalPerRank[0] > 0 && totalPerRank[1] > 0, "samples per rank: \(totalPerRank)")
    }

    /// Expects `run` to be refused as a usage error, leaving `out` as it was.
    private func expectRefused(out: URL, _ run: () async throws -> Void) async throws {
        let before = try fileTree(out)
        do {
            try await run()
            Issue.record("the run into an output directory of the other layout was not refused")
        } catch let error as PipelineError {
            #expect(error.isUsageError, "\(error)")
        }
        #expect(try fileTree(out) == before, "the output directory was changed")
    }

    @Test func singleMachineRunIntoAPartitionedOutputIsRefused() async throws {
        let scratch = try ScratchDirectory("ranks-then-single")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        let config = try copy.load(into: scratch.url)
        let out = scratch.path("out")
        try await runPipeline(config, out: out, rank: 0, worldSize: 2)
        try await expectRefused(out: out) { try await runPipeline(config, out: out) }
    }

    @Test func rankRunIntoASingleMachineOutputIsRefused() async throws {
        let scratch = try ScratchDirectory("single-then-rank")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        let config = try copy.load(into: scratch.url)
        let out = scratch.path("out")
        try await runPipeline(config, out: out)
        try await expectRefused(out: out) { try await runPipeline(config, out: out, rank: 1, worldSize: 2) }
    }
}
