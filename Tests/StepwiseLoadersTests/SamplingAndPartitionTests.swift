import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLoaders

@Suite struct SamplingAndPartitionTests {
    func options(fraction: Double = 1, seed: UInt64 = 0, rank: Int = 0, worldSize: Int = 1, batchSize: Int = 256, limit: Int? = nil)
        -> TestLoad
    {
        TestLoad(
            dataset: "svamp", source: dataDirectory.appendingPathComponent("svamp"), sampleFraction: fraction,
            sampleSeed: seed, rank: rank, worldSize: worldSize, batchSize: batchSize, limit: limit)
    }

    @Test func theSameSeedKeepsTheSameIdsAndSmallerFractionsAreSubsets() async throws {
        let small = Set(try await load(options(fraction: 0.1, seed: 7), split: "train").records.map(\.id))
        let large = try await load(options(fraction: 0.4, seed: 7), split: "train")
        let again = Set(try await load(options(fraction: 0.4, seed: 7), split: "train").records.map(\.id))
        let other = Set(try await load(options(fraction: 0.4, seed: 8), split: "train").records.map(\.id))
        let largeIDs = Set(large.records.map(\.id))
        #expect(small.isSubset(of: largeIDs))
        #expect(largeIDs == again)
        #expect(largeIDs != other)
        #expect((40...120).contains(small.count))
        #expect((260...380).contains(largeIDs.count))
        #expect(large.counters.counts["sampled_out"] == 800 - largeIDs.count)
        #expect(large.counters.droppedTotal == 0)
        #expect(large.rejects.isEmpty)
    }

    @Test func samplerPositionsAreFixedAcrossPlatforms() {
        // FNV-1a + SplitMix64 uses only wrapping integer arithmetic: these values never change.
        let sampler = RecordSampler(fraction: 0.5, seed: 0)
        let a = sampler.position(of: "chal-1")
        #expect(a >= 0 && a < 1)
        #expect(a == RecordSampler(fraction: 0.9, seed: 0).position(of: "chal-1"))
        #expect(a != RecordSampler(fraction: 0.5, seed: 1).position(of: "chal-1"))
    }

    @Test func ranksPartitionByIndex() async throws {
        let all = try await load(options(), split: "train").records
        var seen: [SourceRecord] = []
        for rank in 0..<3 {
            let part = try await load(options(rank: rank, worldSize: 3), split: "train").records
            #expect(part.allSatisfy { $0.index % 3 == rank })
            seen += part
        }
        #expect(seen.count == all.count)
        #expect(Set(seen.map(\.id)) == Set(all.map(\.id)))
    }

    @Test func batchesAndLimit() async throws {
        let batched = try await load(options(batchSize: 64), split: "test")
        #expect(batched.batchSizes == [64, 64, 64, 8])
        let limited = try await load(options(batchSize: 3, limit: 7), split: "test")
        #expect(limited.records.count == 7)
        #expect(limited.records.map(\.index) == Array(0..<7))
    }

    @Test func stopsBetweenBatchesWhenCancelled() async throws {
        let loader = try DatasetLoader(options: options(batchSize: 10), split: "train")
        let context = SourceContext(stage: "load", counters: StageCounters(name: "load"))
        let batches = Collector()
        let task = Task {
            try await loader.produce(context: context) { batch in
                batches.add(batch)
                withUnsafeCurrentTask { $0?.cancel() }
            }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(batches.batchSizes == [10])
    }

    @Test func invalidOptionsAreRejectedUpFront() {
        let bad: [(TestLoad, String)] = [
            (options(), "valid"),
            (options(fraction: 0), "train"),
            (options(fraction: 1.5), "train"),
            (options(rank: 3, worldSize: 3), "train"),
            (options(batchSize: 0), "train"),
        ]
        for (opts, split) in bad {
            #expect(throws: LoaderError.self) { try DatasetLoader(options: opts, split: split) }
        }
        var anli = options()
        anli.dataset = "anli"
        anli.round = 4
        #expect(throws: LoaderError.self) { try DatasetLoader(options: anli, split: "train") }
        let missing = TestLoad(dataset: "svamp", source: URL(fileURLWithPath: "/nonexistent/svamp"))
        let error = try? #require(throws: LoaderError.self) { try DatasetLoader(options: missing, split: "train") }
        #expect(error?.kind == .sourceNotFound)
    }

}

/// Loaders tell how far they are (bytes of their files), which the progress display turns
/// into a percentage and an ETA.
@Suite struct LoaderProgressTests {
    @Test(arguments: [
        ("esnli", SourceFormat.official, "esnli"), ("esnli", .referenceJSONL, "esnli"), ("anli", .official, "anli/anli_v1.0.zip"),
        ("cqa", .official, "cqa"), ("svamp", .official, "svamp"), ("asdiv", .official, "asdiv"),
    ])
    func progressReachesTheWholeInput(dataset: String, format: SourceFormat, source: String) async throws {
        let result = try await load(TestLoad(dataset: dataset, format: format, source: dataDirectory.appendingPathComponent(source), batchSize: 4), split: "train")
        #expect(result.records.count > 0)
        let total = try #require(result.counters.progressTotal)
        #expect(total > 0)
        #expect(result.counters.progressDone == total, "\(dataset) \(format): \(result.counters.progressDone) of \(total)")
    }
}
