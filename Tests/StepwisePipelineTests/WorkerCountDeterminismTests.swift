import Foundation
import PropertyBased
import StepwisePipeline
import Testing

/// The output of a run depends on the input and the configuration only, never on how
/// many workers the stages ran with.
@Suite struct WorkerCountDeterminismTests {
    @Test func oneTwoAndFourWorkersWriteByteIdenticalShards() async throws {
        let scratch = try ScratchDirectory("workers")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        let config = try copy.load(into: scratch.url)

        var trees: [Int: [String: Data]] = [:]
        var records: [Int: NSDictionary] = [:]
        for workers in [1, 2, 4] {
            let out = scratch.path("out-\(workers)")
            try await runPipeline(config, out: out, workers: workers)
            trees[workers] = try fileTree(out, only: quickstartSplits + ["rejects.jsonl"])
            records[workers] = try runRecordWithoutTimes(out.appendingPathComponent("run.json"))
        }

        let reference = try #require(trees[1])
        // The comparison must be about real output: shards in every split, more than one
        // in train (small shard limit), and some rejects.
        for split in quickstartSplits {
            #expect(reference.keys.contains("\(split)/index.json"))
        }
        #expect(reference.keys.filter { $0.hasPrefix("train/shard.") }.count > 1)
        #expect((reference["rejects.jsonl"]?.count ?? 0) > 0)

        for workers in [2, 4] {
            let tree = try #require(trees[workers])
            #expect(tree.keys.sorted() == reference.keys.sorted(), "files differ with \(workers) workers")
            for (path, bytes) in reference.sorted(by: { $0.key < $1.key }) {
                #expect(tree[path] == bytes, "\(path) differs between 1 and \(workers) workers")
            }
            #expect(records[workers] == records[1], "run.json differs between 1 and \(workers) workers")
        }
    }

    /// Any worker count, batch size and channel capacity (`run:` changes speed, never
    /// results), on a corpus with duplicates and rejects by two stages.
    @Test func anyRunSettingsWriteTheSameBytes() async throws {
        let scratch = try ScratchDirectory("run-settings")
        defer { scratch.remove() }
        let base = try CrashPointTests.pipeline(scratch.url)
        let reference = scratch.path("reference")
        var straight = base
        straight.run.batchSize = 256
        try await runPipeline(straight, out: reference, workers: 1)
        let expected = try fileTree(reference, only: CrashPointTests.compared)
        let expectedRecord = try runRecordWithoutTimes(reference.appendingPathComponent("run.json"))
        await propertyCheck(count: 6, input: Gen.int(in: 1...8), Gen.int(in: 1...64), Gen.int(in: 1...4)) {
            workers, batchSize, capacity in
            var config = base
            config.run.batchSize = batchSize
            config.run.channelCapacity = capacity
            let out = scratch.path("out-\(workers)-\(batchSize)-\(capacity)")
            do {
                try await runPipeline(config, out: out, workers: workers)
                #expect(try fileTree(out, only: CrashPointTests.compared) == expected)
                #expect(try runRecordWithoutTimes(out.appendingPathComponent("run.json")) == expectedRecord)
            } catch {
                Issue.record("workers \(workers), batch size \(batchSize), capacity \(capacity): \(error)")
            }
            try? FileManager.default.removeItem(at: out)
        }
    }
}
