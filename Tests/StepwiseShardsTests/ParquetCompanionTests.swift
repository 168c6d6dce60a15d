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

}
