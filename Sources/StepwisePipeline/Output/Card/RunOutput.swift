import Foundation
import StepwiseCore
import StepwiseShards

/// What a run's output directory says about itself, read back from its files: the run
/// record (`run.json`), each split's stats (`stats.stepwise`, rank folders summed) and
/// Parquet files. The dataset card and `stepwise report` are made from it alone, so they
/// describe what is on disk, not what a run believed.
public struct RunOutput: Sendable {
    public struct Split: Sendable {
        public var name: String
        public var stats: SplitStats
        /// The split's figures from the run record (empty without one).
        public var record: SplitRecord
        /// Paths of its Parquet files relative to the output directory, in sample order.
        public var parquetFiles: [String]
    }

    public let root: URL
    public let record: RunRecord
    public let splits: [Split]

    /// Reads `root`; throws if it holds no run record.
    public init(root: URL) throws {
        let url = root.appendingPathComponent("run.json")
        guard let record = try RunRecord.load(from: url) else {
            throw PipelineError.io(path: url.path, detail: "no run record: is this the output directory of a run (not of one rank)?")
        }
        let report = try ShardStatsReport.load(root: root)
        self.root = root
        self.record = record
        self.splits = report.splits.map { s in
            Split(
                name: s.name, stats: s.stats, record: record.splits[s.name] ?? SplitRecord(),
                parquetFiles: RunOutput.parquetFiles(root: root, split: s.name))
        }
    }

    /// `parquet/<split>/*.parquet` (and `parquet/<split>/<rank>/*.parquet`), sorted: the
    /// order `datasets` reads them in, which is the shards' order.
    static func parquetFiles(root: URL, split: String) -> [String] {
        let fm = FileManager.default
        let dir = ParquetLayout.directory(root: root, split: split)
        let prefix = ParquetLayout.folder + "/" + split + "/"
        var out: [String] = []
        for name in ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() {
            if name.hasSuffix(".parquet") {
                out.append(prefix + name)
            } else if ShardDirectory.rankFolders(in: dir).contains(where: { $0.url.lastPathComponent == name }) {
                let inner = ((try? fm.contentsOfDirectory(atPath: dir.appendingPathComponent(name).path)) ?? []).sorted()
                out += inner.filter { $0.hasSuffix(".parquet") }.map { prefix + name + "/" + $0 }
            }
        }
        return out
    }

    /// The configuration the run recorded (`run.json`'s `config`).
    public var config: JSONValue { record.config }

    /// The token limit of each token column: inputs `tokenizer.max_input_tokens`, targets
    /// `tokenizer.max_target_tokens` (EOS included); a length at the limit may have been cut.
    public var tokenLimits: [String: Int] {
        var limits: [String: Int] = [:]
        let input = config["tokenizer"]?["max_input_tokens"]?.intValue
        let target = config["tokenizer"]?["max_target_tokens"]?.intValue
        for name in ["input_ids", "expl_input_ids"] { limits[name] = input }
        for name in ["labels", "teacher_labels", "aux_labels"] { limits[name] = target }
        return limits
    }

    /// The label kind (`classes`, `choices`, `number`, `equation`, `text`) and, for a
    /// closed label space, its classes.
    public var labelKind: String? { record.task["labels"]?["kind"]?.stringValue }
    public var classes: [String] {
        record.task["labels"]?["classes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
