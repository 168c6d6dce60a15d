import Foundation
import StepwiseCore
import StepwiseShards

/// `OUT/README.md`: the dataset card the Hugging Face Hub shows and `datasets` follows.
///
/// The YAML front matter names the Parquet files per split (`configs`, so
/// `load_dataset(<repo>)` reads them as they are), the features and example counts
/// (`dataset_info`), the `license` when `output.license` names one, and
/// `task_categories`. The body says where the data came from: Stepwise's version, the
/// pipeline's hashes, dataset and source, teacher settings and prompt file hash, parse
/// mode, filter counts by reason, teacher accuracy, token lengths and truncation.
///
/// Deterministic: made only from the output directory's files and the settings given, with
/// no clock, host or absolute path in it (paths are reduced to file names), so a resumed
/// run writes the same bytes as an uninterrupted one.
public struct DatasetCard: Sendable {
    public let output: RunOutput
    /// The pipeline's `parse` section (not in the run record, which hashes it apart).
    public let parse: JSONValue
    public let description: String?
    public let license: String?
    public let version: String

    public static let fileName = "README.md"

    public init(output: RunOutput, parse: JSONValue, description: String?, license: String?, version: String = StepwiseVersion.current) {
        self.output = output
        self.parse = parse
        self.description = description
        self.license = license
        self.version = version
    }

    /// The splits that have samples: the others have no files for `configs` to name.
    var filledSplits: [RunOutput.Split] { output.splits.filter { $0.stats.samples > 0 } }

    public var text: String { frontMatter + "\n" + body }

    /// Writes the card atomically to `OUT/README.md`.
    public func write() throws {
        try AtomicFile.write(Data(text.utf8), to: output.root.appendingPathComponent(Self.fileName))
    }

    // MARK: Front matter

    var frontMatter: String {
        var y = "---\n"
        if let license { y += "license: \(yaml(license))\n" }
        y += "pretty_name: \(yaml(output.record.pipeline))\n"
        y += "task_categories:\n" + taskCategories.map { "- \($0)\n" }.joined()
        y += "tags:\n- distilling-step-by-step\n- rationales\n- stepwise\n"
        y += "size_categories:\n- \(sizeCategory)\n"
        let withParquet = filledSplits.filter { !$0.parquetFiles.isEmpty }
        if !withParquet.isEmpty {
            y += "configs:\n- config_name: default\n  data_files:\n"
            for s in withParquet {
                y += "  - split: \(s.name)\n    path: \(yaml(parquetGlob(s)))\n"
            }
        }
        y += "dataset_info:\n  features:\n"
        for (name, isTokens) in columns {
            y += "  - name: \(name)\n" + (isTokens ? "    list: int32\n" : "    dtype: string\n")
        }
        y += "  splits:\n"
        for s in filledSplits { y += "  - name: \(s.name)\n    num_examples: \(s.stats.samples)\n" }
        return y + "---\n"
    }

    /// `parquet/train/*.parquet` (`parquet/train/*/*.parquet` for rank folders).
    func parquetGlob(_ s: RunOutput.Split) -> String {
        let ranked = s.parquetFiles.contains { $0.split(separator: "/").count > 3 }
        return "\(ParquetLayout.folder)/\(s.name)/" + (ranked ? "*/*.parquet" : "*.parquet")
    }

    /// The columns of the samples, as the shards and Parquet files hold them.
    var columns: [(name: String, isTokens: Bool)] {
        let text = output.config["output"]?["text_columns"]?.boolValue ?? false
        return ShardSchema.stepwise(textColumns: text).names.map { ($0, ShardSchema.tokenColumnNames.contains($0)) }
    }

    /// What the student learns: always seq2seq; the label side by the kind of label.
    var taskCategories: [String] {
        var out = ["text2text-generation"]
        switch output.labelKind {
        case "classes": out.append("text-classification")
        case "choices": out.append("multiple-choice")
        case "number", "equation", "text": out.append("question-answering")
        default: break
        }
        return out
    }

    var sizeCategory: String {
        let n = output.splits.reduce(0) { $0 + $1.stats.samples }
        let bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                      (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M")]
        return bounds.first { n < $0.0 }?.1 ?? "100M<n<1B"
    }

    /// A YAML scalar: JSON's quoted string, which YAML reads as the same text.
    func yaml(_ s: String) -> String { JSONValue.string(s).jsonText() }
}
