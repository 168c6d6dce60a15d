import Foundation

/// Where a run keeps its files inside the output directory.
enum RunPaths {
    /// `run.json`, or `run.rank-00003.json` for one rank of a partitioned run.
    static func recordName(_ options: RunOptions) -> String {
        options.worldSize > 1 ? String(format: "run.rank-%05d.json", options.rank) : "run.json"
    }

    /// `rejects.jsonl`, or `rejects.rank-00003.jsonl` for one rank.
    static func rejectsName(_ options: RunOptions) -> String {
        options.worldSize > 1 ? String(format: "rejects.rank-%05d.jsonl", options.rank) : "rejects.jsonl"
    }

    /// Where the run puts a copy of its tokenizer model.
    static let tokenizerDirectory = "tokenizer"

    /// The dedup key log of a split: `dedup/train.keys`, or `dedup/train.rank-00003.keys`.
    static func dedupKeysName(split: String, options: RunOptions) -> String {
        options.worldSize > 1 ? String(format: "dedup/\(split).rank-%05d.keys", options.rank) : "dedup/\(split).keys"
    }

    /// The directory one split's shards go to: `OUT/train`, or `OUT/train/00003` for a rank.
    static func splitDirectory(_ out: URL, split: String, options: RunOptions) -> URL {
        let dir = out.appendingPathComponent(split, isDirectory: true)
        return options.worldSize > 1 ? dir.appendingPathComponent(String(format: "%05d", options.rank), isDirectory: true) : dir
    }
}
