import Foundation
import StepwisePipeline
import Testing

/// `dataset.sample.fraction` keeps a deterministic subset of ids, and a smaller fraction
/// keeps a subset of what a larger one keeps (the paper's data-size experiments).
@Suite struct SampleFractionTests {
    private func loadedIDs(fraction: Double?, scratch: ScratchDirectory, label: String) async throws -> Set<String> {
        var copy = try QuickstartCopy()
        if let fraction { try copy.sample(fraction: fraction) }
        let dir = scratch.path(label)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let jsonl = dir.appendingPathComponent("load.jsonl")
        try await runPipeline(try copy.load(into: dir), out: dir.appendingPathComponent("out"), until: .load, jsonl: jsonl)
        return Set(try jsonLines(jsonl).compactMap { $0["id"] as? String })
    }

    @Test func halfIsADeterministicSubsetOfAll() async throws {
        let scratch = try ScratchDirectory("fraction")
        defer { scratch.remove() }
        let all = try await loadedIDs(fraction: 1.0, scratch: scratch, label: "all")
        let unsampled = try await loadedIDs(fraction: nil, scratch: scratch, label: "default")
        let half = try await loadedIDs(fraction: 0.5, scratch: scratch, label: "half-a")
        let again = try await loadedIDs(fraction: 0.5, scratch: scratch, label: "half-b")
        let quarter = try await loadedIDs(fraction: 0.25, scratch: scratch, label: "quarter")

        #expect(all.count == 30)
        #expect(unsampled == all, "fraction defaults to 1.0")
        #expect(!half.isEmpty)
        #expect(half.isStrictSubset(of: all))
        #expect(half == again, "the same fraction and seed keep other ids on a second run")
        #expect(quarter.isSubset(of: half))
    }

    @Test func shardRunsWithHalfTheDataAreIdentical() async throws {
        let scratch = try ScratchDirectory("fraction-shards")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.sample(fraction: 0.5)
        let config = try copy.load(into: scratch.url)
        let a = scratch.path("a")
        let b = scratch.path("b")
        try await runPipeline(config, out: a, workers: 1)
        try await runPipeline(config, out: b, workers: 3)
        #expect(try fileTree(a, only: outputParts) == (try fileTree(b, only: outputParts)))

        let full = scratch.path("full")
        try await runPipeline(try QuickstartCopy().load(into: scratch.url), out: full)
        for split in quickstartSplits {
            let halfIDs = Set(try shardSampleIDs(a.appendingPathComponent(split)))
            let fullIDs = Set(try shardSampleIDs(full.appendingPathComponent(split)))
            #expect(halfIDs.isSubset(of: fullIDs), "\(split)")
        }
    }
}
