import Foundation
import StepwiseParquet
import StepwiseShards
import Testing

@testable import StepwisePipeline

/// `output.formats: [mds, parquet]`: one Parquet file per shard, named as the Hub expects,
/// holding the shard's samples; resumed like the shards. (Read by pyarrow and `datasets`:
/// scripts/parquet/check_output.py.)
@Suite struct ParquetOutputTests {
    static func config(_ scratch: ScratchDirectory, extra: String = "") throws -> PipelineConfig {
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        try copy.replace("formats: [mds, parquet]}", with: "formats: [mds, parquet]\(extra)}")
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

    @Test func namesOfBothFormsAreRecognised() {
        #expect(ParquetLayout.streamingName(split: "train", shard: 3) == "train-00003.parquet")
        #expect(ParquetLayout.finalName(split: "valid", shard: 0, of: 12) == "valid-00000-of-00012.parquet")
        #expect(ParquetLayout.shardNumber("train-00003.parquet", split: "train") == 3)
        #expect(ParquetLayout.shardNumber("train-00003-of-00004.parquet", split: "train") == 3)
        #expect(ParquetLayout.shardNumber("train-00003-of-00004.parquet", split: "test") == nil)
        #expect(ParquetLayout.shardNumber("train-3.parquet", split: "train") == nil)
        #expect(ParquetLayout.shardNumber("train-00003.parquet.partial", split: "train") == nil)
    }

    /// A split killed while its files were being renamed to `-of-N`, or with files of
    /// shards never committed, is put back in the streaming state the writer continues from.
    @Test func resumeUndoesFinalNamesAndRemovesUncommittedFiles() throws {
        let scratch = try ScratchDirectory("parquet-resume")
        defer { scratch.remove() }
        let dir = scratch.path("parquet/train")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["train-00000-of-00003.parquet", "train-00001.parquet", "train-00002.parquet", "train-00003.parquet.partial", "notes.txt"] {
            try Data(name.utf8).write(to: dir.appendingPathComponent(name))
        }
        let companion = ParquetShardCompanion(directory: dir, split: "train", columns: [.string("id")], options: ParquetWriterOptions())
        try companion.prepareForWriting(committedShards: 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["notes.txt", "train-00000.parquet", "train-00001.parquet"])
        #expect(try Data(contentsOf: dir.appendingPathComponent("train-00000.parquet")) == Data("train-00000-of-00003.parquet".utf8))
        try companion.finish(shardCount: 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            == ["notes.txt", "train-00000-of-00002.parquet", "train-00001-of-00002.parquet"])
        #expect(throws: ShardError.self) { try companion.prepareForWriting(committedShards: 3) }
    }

    @Test func withoutParquetThereIsNoParquetFolder() async throws {
        let scratch = try ScratchDirectory("parquet-off")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        try copy.replace("formats: [mds, parquet]", with: "formats: [mds]")
        let out = scratch.path("out")
        try await runPipeline(try copy.load(into: scratch.url), out: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("parquet").path))
    }
}
