import Foundation
import Testing
@testable import StepwiseShards

/// `verify` on intact output and on every kind of damage the issue lists.
@Suite struct ShardVerifierTests {
    /// A run with train (3+ shards, hashes) and valid; returns the root.
    func makeOutput(hashes: [ShardHashAlgorithm] = [.sha1, .xxh64]) async throws -> URL {
        let root = try Support.tempDirectory("verify")
        let opts = ShardWriterOptions(sizeLimit: 3000, hashes: hashes)
        try await Support.writeSplit(root.appendingPathComponent("train"), count: 40, options: opts)
        try await Support.writeSplit(root.appendingPathComponent("valid"), count: 5, options: opts)
        return root
    }

    func errors(_ root: URL) -> [ShardProblem] {
        ShardVerifier.verify(root: root).flatMap(\.problems).filter { $0.severity == .error }
    }

    func shard(_ root: URL, _ n: Int) -> URL {
        root.appendingPathComponent("train").appendingPathComponent(ShardDirectory.rawName(n) + ".zstd")
    }

    @Test func intactOutputHasNoProblems() async throws {
        let root = try await makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        let results = ShardVerifier.verify(root: root)
        #expect(results.map(\.label) == ["train", "valid"])
        #expect(results.allSatisfy { $0.problems.isEmpty })
        #expect(results[0].samples == 40)
    }

    @Test func truncatedZstd() async throws {
        let root = try await makeOutput(hashes: [])
        defer { try? FileManager.default.removeItem(at: root) }
        let url = shard(root, 1)
        let bytes = try Support.bytes(url)
        try Data(bytes.prefix(bytes.count - 10)).write(to: url)
        // Keep the index's byte count in step, so the frame itself is what fails.
        var index = try ShardIndex.load(from: root.appendingPathComponent("train/index.json"))
        index.shards[1].zipData?.bytes = bytes.count - 10
        try Data(index.encoded()).write(to: root.appendingPathComponent("train/index.json"))
        let found = errors(root)
        #expect(found.contains { $0.path == url.path && $0.problem.contains("truncated") }, "\(found)")
    }

    @Test func flippedByteIsCaughtByTheHashes() async throws {
        let root = try await makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = shard(root, 2)
        var bytes = try Support.bytes(url)
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: url)
        let found = errors(root)
        #expect(found.contains { $0.path == url.path && ($0.problem.contains("sha1") || $0.problem.contains("xxh64")) }, "\(found)")
    }

    @Test func flippedByteInTheFrameHeaderWithoutHashes() async throws {
        let root = try await makeOutput(hashes: [])
        defer { try? FileManager.default.removeItem(at: root) }
        let url = shard(root, 0)
        var bytes = try Support.bytes(url)
        bytes[0] ^= 0xFF
        try Data(bytes).write(to: url)
        #expect(errors(root).contains { $0.path == url.path && $0.problem.contains("not a zstd frame") })
    }

    @Test func wrongSampleCount() async throws {
        let root = try await makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        let indexURL = root.appendingPathComponent("train/index.json")
        var index = try ShardIndex.load(from: indexURL)
        index.shards[0].samples += 1
        try Data(index.encoded()).write(to: indexURL)
        #expect(errors(root).contains { $0.path == shard(root, 0).path && $0.problem.contains("index.json says") })
    }

    @Test func missingShardFile() async throws {
        let root = try await makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: shard(root, 1))
        #expect(errors(root).contains { $0.path == shard(root, 1).path && $0.problem.contains("missing") })
    }

    @Test func extraKeyInIndex() async throws {
        let root = try await makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        let indexURL = root.appendingPathComponent("train/index.json")
        var text = try String(contentsOf: indexURL, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"samples\": ", with: "\"note\": 1, \"samples\": ")
        try text.write(to: indexURL, atomically: true, encoding: .utf8)
        let found = errors(root)
        #expect(found.contains { $0.path == indexURL.path && $0.problem.contains("unexpected key(s) note") }, "\(found)")
    }

    @Test func staleMdsBesideARewrittenZstd() async throws {
        let root = try await makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        // A reader decompressed shard 0; then the split was rewritten with other samples.
        let train = root.appendingPathComponent("train")
        let old = try ShardReader(directory: train).loadShard(0)
        try FileManager.default.removeItem(at: train)
        try await Support.writeSplit(train, count: 40, range: 100..<140, options: ShardWriterOptions(sizeLimit: 3000, hashes: [.sha1, .xxh64]))
        let raw = train.appendingPathComponent("shard.00000.mds")
        try Data(old.raw.bytes).write(to: raw)
        #expect(errors(root).contains { $0.path == raw.path && $0.problem.contains("stale") })
        // An identical copy (what StreamingDataset leaves after reading) is fine.
        try Data(try ShardReader(directory: train).loadShard(0).raw.bytes).write(to: raw)
        #expect(errors(root).isEmpty)
    }

    @Test func staleStatsFile() async throws {
        let root = try await makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        let statsURL = root.appendingPathComponent("valid/stats.stepwise")
        var stats = try SplitStats.load(from: statsURL)
        stats.lengths["labels"]?.add(length: 3)
        try Data(stats.encoded()).write(to: statsURL)
        #expect(errors(root).contains { $0.path == statsURL.path && $0.problem.contains("stale") })
    }

    @Test func leftoversAreWarningsNotErrors() async throws {
        let root = try await makeOutput()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data([1]).write(to: root.appendingPathComponent("train/shard.00099.mds.zstd.partial"))
        let problems = ShardVerifier.verify(root: root).flatMap(\.problems)
        #expect(problems.count == 1 && problems[0].severity == .warning)
    }
}
