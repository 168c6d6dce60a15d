import Foundation
import StepwisePipeline
import StepwiseReport
import StepwiseTokenizer

/// What `report` and `export` share: opening a run's output directory (a directory without
/// a run record is a usage error, exit 2) and finding its tokenizer.
enum OutputArguments {
    struct Opened {
        var root: URL
        var record: RunRecord
    }

    /// Calls `body` with the run's record; an output that is not a finished run's is a usage error.
    static func open<T>(_ root: URL, _ body: (Opened) throws -> T) throws -> T {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw UsageError("\(root.path): not a directory")
        }
        let record: RunRecord
        do {
            guard let r = try RunRecord.load(from: root.appendingPathComponent("run.json")) else {
                throw UsageError("\(root.path): no run.json; give the output directory of a run (for a partitioned run, merge it first)")
            }
            record = r
        }
        return try body(Opened(root: root, record: record))
    }

    /// The run's tokenizer, or `nil` when the shards hold text columns (nothing to decode).
    static func tokenizer(_ root: URL, _ record: RunRecord, _ override: String?) throws -> SentencePieceTokenizer? {
        if override == nil, record.config["output"]?["text_columns"]?.boolValue == true { return nil }
        do { return try RunTokenizer.load(root: root, record: record, override: override) } catch {
            throw UsageError("\(error)")
        }
    }

    /// Writes `text` to a file (atomically) or, for `-`, to stdout.
    static func write(_ text: String, to target: String) throws {
        if target == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: target))
        }
    }
}
