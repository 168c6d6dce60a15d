import Foundation
import StepwiseParquet
@testable import StepwiseShards
import Testing

/// The Parquet companion's names and its part of the commit protocol: what a resumed
/// writer finds and leaves. (End to end, with the shards: StepwisePipelineTests.)
@Suite struct ParquetCompanionTests {
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
        let root = try Support.tempDirectory("parquet-resume")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("parquet/train")
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

    /// The companion copies samples from the shard's bytes, cell by reference; the file
    /// must be the one the values (decoded, validated) give, for int32 and uint16 shards.
    @Test func copiedSamplesGiveTheFileTheDecodedValuesGive() async throws {
        for dtype in [TokenDType.int32, .uint16] {
            let dir = try Support.tempDirectory("parquet-copy")
            defer { try? FileManager.default.removeItem(at: dir) }
            let schema = ShardSchema.stepwise(tokenDType: dtype, textColumns: true)
            let writer = try ShardWriter(directory: dir, schema: schema, options: ShardWriterOptions(sizeLimit: 1 << 12))
            for i in 0..<40 {
                var values: [String: ColumnValue] = [:]
                for (k, name) in schema.names.enumerated() {
                    values[name] = schema.encodings[k] == .str
                        ? .string(String(repeating: "é✓ ", count: (i * 7 + k) % 5) + "\(name) \(i)")
                        : .tokens((0..<((i * 3 + k) % 300)).map { Int32(($0 * 31 + i) % 32_000) })
                }
                try await writer.append(values: values, recordID: "r\(i)")
            }
            try await writer.finish()
            let reader = try ShardReader(directory: dir)
            let columns = ParquetLayout.columns(for: schema)
            #expect(reader.shardCount > 1)
            for n in 0..<reader.shardCount {
                let shard = try reader.loadShard(n)
                var copied = try ParquetFileWriter(columns: columns)
                try ParquetShardCompanion.copySamples(of: shard, to: &copied)
                var decoded = try ParquetFileWriter(columns: columns)
                for i in 0..<shard.sampleCount { try decoded.append(try shard.sample(i).values.map(\.parquetValue)) }
                #expect(copied.rowCount == shard.sampleCount)
                #expect(try copied.finish() == (try decoded.finish()), "\(dtype) shard \(n)")
            }
        }
    }

}
