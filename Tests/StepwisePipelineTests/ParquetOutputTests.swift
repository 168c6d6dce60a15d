import Foundation
import StepwiseParquet
import StepwiseShards
import Testing

@testable import StepwisePipeline

/// `output.formats: [mds, parquet]`: one Parquet file per shard, named as the Hub expects,
/// holding the shard's samples; resumed like the shards. (Read by pyarrow and `datasets`:
/// scripts/parquet/check_output.py.)
@Suite struct ParquetOutputTests {
    /// The quickstart with small shards, `output.formats: [formats]` and `extra` output keys.
    static func config(_ scratch: ScratchDirectory, formats: String = "mds, parquet", extra: String = "") throws -> PipelineConfig {
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        try copy.replace("formats: [mds, parquet]}", with: "formats: [\(formats)]\(extra)}")
        return try copy.load(into: scratch.url)
    }

    @Test func everyShardHasAParquetFileWithItsSamples() async throws {
        let scratch = try ScratchDirectory("parquet-files")
        defer { scratch.remove() }
        let out = scratch.path("out")
        try await runPipeline(try Self.config(scratch, extra: ", text_columns: true"), out: out)
        var files = 0
        for split in ["train", "valid", "test"] {
            let reader = try ShardReader(root: out, split: split)
            let schema = ShardSchema.stepwise(textColumns: true)
            let dir = ParquetLayout.directory(root: out, split: split)
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(names == (0..<reader.shardCount).map { ParquetLayout.finalName(split: split, shard: $0, of: reader.shardCount) })
            for i in 0..<reader.shardCount {
                // The same rows through the writer give the same bytes: the file holds exactly the shard.
                let shard = try reader.loadShard(i)
                var writer = try ParquetFileWriter(columns: ParquetLayout.columns(for: schema))
                for k in 0..<shard.sampleCount { try writer.append(try shard.sample(k).values.map(\.parquetValue)) }
                let bytes = try Data(contentsOf: dir.appendingPathComponent(names[i]))
                #expect(bytes == Data(try writer.finish()), "\(names[i])")
                files += 1
            }
        }
        #expect(files >= 6)
    }

    /// `[mds]` (the default): no Parquet folder, and a card that names no files and no license.
    @Test func withMDSOnlyThereIsNoParquetAndTheCardNamesNoFiles() async throws {
        let scratch = try ScratchDirectory("parquet-off")
        defer { scratch.remove() }
        let out = scratch.path("out")
        try await runPipeline(try Self.config(scratch, formats: "mds"), out: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("parquet").path))
        let card = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(!card.contains("configs:"))
        #expect(!card.contains("license:"))
        #expect(card.contains("dataset_info:"))
    }
}
