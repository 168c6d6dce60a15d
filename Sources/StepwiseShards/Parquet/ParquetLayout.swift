import Foundation
import StepwiseParquet

/// Where a run's Parquet files go and what they are called: the Hugging Face Hub's sharded
/// naming, one file per MDS shard, `OUT/parquet/<split>/<split>-00000-of-00004.parquet`
/// (rank R of a partitioned run: `OUT/parquet/<split>/0000R/…`).
///
/// The total is known only when a split ends, so while it is written its files are named
/// `<split>-00000.parquet`; the split's last commit renames them all
/// (``ParquetShardCompanion/finish(shardCount:)``).
public enum ParquetLayout {
    /// The folder under the output directory.
    public static let folder = "parquet"

    /// The directory of one split's (or one rank's) Parquet files.
    public static func directory(root: URL, split: String, rank: Int? = nil) -> URL {
        let dir = root.appendingPathComponent(folder, isDirectory: true).appendingPathComponent(split, isDirectory: true)
        return rank.map { dir.appendingPathComponent(ShardDirectory.rankFolderName($0), isDirectory: true) } ?? dir
    }

    /// `train-00003.parquet`: shard 3 while the split is being written.
    public static func streamingName(split: String, shard: Int) -> String { "\(split)-\(padded(shard)).parquet" }

    /// `train-00003-of-00004.parquet`: shard 3 of a finished split of 4.
    public static func finalName(split: String, shard: Int, of total: Int) -> String {
        "\(split)-\(padded(shard))-of-\(padded(total)).parquet"
    }

    /// The shard number a file name of either form gives, or `nil` for other names.
    public static func shardNumber(_ name: String, split: String) -> Int? {
        let prefix = split + "-"
        guard name.hasPrefix(prefix), name.hasSuffix(".parquet") else { return nil }
        let middle = name.dropFirst(prefix.count).dropLast(".parquet".count)
        let parts = middle.split(separator: "-", omittingEmptySubsequences: false)
        let digits = { (s: Substring) in s.count >= 5 && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        switch parts.count {
        case 1 where digits(parts[0]): return Int(parts[0])
        case 3 where digits(parts[0]) && parts[1] == "of" && digits(parts[2]): return Int(parts[0])
        default: return nil
        }
    }

    /// The Parquet columns of an MDS schema, in its order: text as `string`, token arrays
    /// (int32 or uint16 in MDS) as `list<int32>`.
    public static func columns(for schema: ShardSchema) -> [ParquetColumn] {
        zip(schema.names, schema.encodings).map { name, encoding in
            encoding == .str ? .string(name) : .int32List(name)
        }
    }

    private static func padded(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 5 ? s : String(repeating: "0", count: 5 - s.count) + s
    }
}
