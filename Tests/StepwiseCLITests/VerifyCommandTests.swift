import Foundation
import Testing

/// `stepwise verify` exits 0 on an intact output and 1 naming the damaged shard.
@Suite struct VerifyCommandTests {
    /// Runs the e-SNLI samples into `out/` and returns the scratch directory.
    private func finishedRun(_ label: String) throws -> ScratchDirectory {
        let scratch = try ScratchDirectory(label)
        try scratch.write("pipeline.yaml", esnliPipeline())
        let run = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        try #require(run.status == 0, "\(run)")
        return scratch
    }

    @Test func intactOutputVerifies() throws {
        let scratch = try finishedRun("verify-ok")
        defer { scratch.remove() }
        let result = try stepwise(["verify", "out"], in: scratch.url)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("train: 1 shards, 13 samples: ok"), "\(result)")
        #expect(result.stdout.contains("valid: 1 shards, 9 samples: ok"), "\(result)")
        #expect(result.stdout.contains("test: 1 shards, 6 samples: ok"), "\(result)")
    }

    @Test func flippedByteInAShardIsReported() throws {
        let scratch = try finishedRun("verify-flip")
        defer { scratch.remove() }
        let shard = scratch.path("out/train/shard.00000.mds.zstd")
        var bytes = try Data(contentsOf: shard)
        try #require(bytes.count > 64)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: shard)

        let result = try stepwise(["verify", "out"], in: scratch.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("train: ") && result.stdout.contains("DAMAGED"), "\(result)")
        #expect(result.stdout.contains("shard.00000.mds.zstd"), "\(result)")
        #expect(result.stdout.contains("valid: 1 shards, 9 samples: ok"), "the intact splits stay ok: \(result)")
    }

    @Test func truncatedShardIsReported() throws {
        let scratch = try finishedRun("verify-truncate")
        defer { scratch.remove() }
        let shard = scratch.path("out/test/shard.00000.mds.zstd")
        let bytes = try Data(contentsOf: shard)
        try bytes.prefix(bytes.count - 10).write(to: shard)

        let result = try stepwise(["verify", "out"], in: scratch.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("DAMAGED"), "\(result)")
        #expect(result.stdout.contains("test/shard.00000.mds.zstd") || result.stdout.contains("shard.00000.mds.zstd"), "\(result)")
    }

    @Test func emptyDirectoryHasNothingToVerify() throws {
        let scratch = try ScratchDirectory("verify-empty")
        defer { scratch.remove() }
        let result = try stepwise(["verify", scratch.url.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("no splits found"), "\(result)")
    }
}
