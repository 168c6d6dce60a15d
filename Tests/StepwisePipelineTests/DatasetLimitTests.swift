import Foundation
import StepwisePipeline
import Testing

/// `dataset.limit` reads at most that many records of each split (it was once validated and
/// fingerprinted but never reached the loader).
@Suite struct DatasetLimitTests {
    @Test func theLimitReachesTheLoader() async throws {
        let scratch = try ScratchDirectory("dataset-limit")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.replace("  splits: [train, valid, test]\n", with: "  splits: [train, valid, test]\n  limit: 4\n")
        let out = scratch.path("out")
        let summary = try await runPipeline(try copy.load(into: scratch.url), out: out)
        let record = try #require(summary.record)
        for split in quickstartSplits {
            let s = try #require(record.splits[split])
            let seen = s.samples + s.filtered.values.reduce(0, +)
            #expect(seen == 4, "\(split): \(seen) records")
        }
    }
}
