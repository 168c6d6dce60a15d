import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwisePrompting
import StepwiseRationales

/// A task described in the pipeline file rather than built in: any `dataset.name` other
/// than the paper's five, read from JSON lines, a JSON array, CSV or TSV by
/// `dataset.fields`, with the labels of `dataset.labels`.
///
/// ```yaml
/// dataset:
///   name: gsm8k
///   format: jsonl                     # jsonl | json | csv | tsv (default: from the file names)
///   source: ../data/gsm8k             # a directory, an archive, or one file
///   files: {train: train.jsonl}       # optional, per split; globs allowed
///   splits: [train, test]
///   fields:
///     input: "{{question}}"
///     label: {field: answer, pattern: '####\s*(.+?)\s*$'}
///     explanation: {field: answer, pattern: '^(.*)\n####'}
///   labels: {kind: number}
/// ```
///
/// Its completions are read by ``AnswerRules/task(labels:answerPhrases:exemplarMarker:labelPattern:)``
/// with the answer phrase of its exemplar file (or `parse.answer_phrases`).
public struct TaskDataset: DatasetDescriptor, Hashable {
    public var name: String
    public var source: ConfigPath
    /// `dataset.format`.
    public var format: RowFormat
    /// `dataset.files`: names or globs per split, relative to the source.
    public var files: [String: [String]]
    public var splits: [String]
    public var fields: TaskFields
    public var labels: LabelSpec

    public static let keys = ["files", "fields", "labels"]

    public init(
        name: String, source: ConfigPath, format: RowFormat, files: [String: [String]] = [:], splits: [String],
        fields: TaskFields, labels: LabelSpec
    ) {
        self.name = name
        self.source = source
        self.format = format
        self.files = files
        self.splits = splits
        self.fields = fields
        self.labels = labels
    }

    public var exemplarDatasets: [String] { [name] }

    public func answerRules(parse: ParseOptions, exemplars: ExemplarSet?) -> AnswerRules {
        let phrases = parse.answerPhrases ?? AnswerRules.defaultAnswerPhrases(kind: labels.kind, exemplarPhrase: exemplars?.answerPhrase)
        return AnswerRules.task(
            labels: labels, answerPhrases: phrases, exemplarMarker: exemplars?.questionMarker, labelPattern: parse.labelPattern)
    }

    public func reader(split: String) throws -> any SplitReader {
        let rows = try TaskRowSource(source: source.url, split: split, patterns: files[split], format: format)
        return TaskSplitReader(rows: rows, builder: TaskRecordBuilder(dataset: name, split: split, fields: fields, labels: labels))
    }

    /// The explanation and the label as a generic answer (`… So the answer is <label>.`).
    public func humanAnswer(_ record: SourceRecord) -> String {
        PaperAnswer.render("{{rationale}} So the answer is {{label}}.", explanation: record.explanation ?? "", label: record.label)
    }

    public var canonicalFields: [(String, JSONValue)] {
        [
            ("format", .string(format.rawValue)),
            ("files", .object(files.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSONValue.string))) })),
            ("fields", fields.canonical), ("labels", labels.canonical),
        ]
    }

    public var inputPaths: [(keyPath: String, path: ConfigPath)] { [] }

    /// Decodes a task's keys of `dataset:` (`name` is not a built-in).
    static func decode(_ s: ConfigSection, name: String, source: ConfigPath?) -> TaskDataset? {
        // Neither fields nor labels: most likely a mistyped built-in name; say only that.
        if !s.has("fields") && !s.has("labels") {
            var expected = "a mapping with input and label (fields of your records, or templates), and dataset.labels"
            if let suggestion = Suggestion.closest(to: name, among: DatasetKinds.builtinNames) {
                expected += "; or did you mean the built-in dataset \(suggestion)?"
            }
            s.missing("fields", expected: expected, condition: "for dataset \(name), which is not built in (\(DatasetKinds.builtinNames.joined(separator: ", ")))")
            return nil
        }
        var ok = true
        // The format: given, or implied by the source's or the files' names.
        var format: RowFormat?
        if s.has("format") {
            format = s.choice("format", RowFormat.self)
            if format == nil { ok = false }
        }
        var files: [String: [String]] = [:]
        var fileOrder: [String] = []
        if let node = s.node("files") {
            if case .mapping(let mapping) = node {
                for (key, value) in mapping {
                    guard let split = ConfigReader.stringValue(key), !split.isEmpty else {
                        s.reader.report(s.keyPath("files"), "keys must be split names", at: key.mark)
                        ok = false
                        continue
                    }
                    let path = s.keyPath("files") + "." + split
                    var names: [String] = []
                    if let one = ConfigReader.stringValue(value), !one.isEmpty {
                        names = [one]
                    } else if case .sequence(let items) = value, !items.isEmpty,
                        items.allSatisfy({ (ConfigReader.stringValue($0) ?? "").isEmpty == false })
                    {
                        names = items.compactMap(ConfigReader.stringValue)
                    } else {
                        s.reader.report(path, "expected a file name or glob, or a list of them, got \(ConfigReader.describe(value))", at: value.mark)
                        ok = false
                        continue
                    }
                    if let bad = names.first(where: { $0.hasPrefix("/") || $0.split(separator: "/").contains("..") }) {
                        s.reader.report(path, "\(ConfigReader.quote(bad)) must be relative to dataset.source, inside it", at: value.mark)
                        ok = false
                    }
                    files[split] = names
                    fileOrder.append(split)
                }
            } else {
                s.problem("files", "expected a mapping of split names to file names or globs ({train: train.jsonl}), got \(ConfigReader.describe(node))")
                ok = false
            }
        }
        let sourceFormat = source.flatMap { RowFormat.inferred(fromName: $0.text) }
        if format == nil, !s.has("format") {
            let implied = Set(files.values.joined().compactMap { RowFormat.inferred(fromName: $0) })
            format = sourceFormat ?? (implied.count == 1 ? implied.first : nil)
            if format == nil, source != nil {
                s.missing(
                    "format", expected: "one of \(RowFormat.allCases.map(\.rawValue).joined(separator: ", ")) (the file names do not say)",
                    condition: "for dataset \(name), a task of your own,")
                ok = false
            }
        }
        // The splits: given, or the files', or `train` for a source that is one file.
        var splits: [String]?
        if s.has("splits") {
            splits = s.distinctNames("splits", among: nil)
            if splits == nil { ok = false }
        } else if !fileOrder.isEmpty {
            splits = fileOrder
        } else if sourceFormat != nil {
            splits = ["train"]
        } else if source != nil {
            s.missing("splits", expected: "the splits to read ([train, test]); each is <split>.<format> in the source unless dataset.files names it", condition: "for a directory or archive source")
            ok = false
        }
        if let splits {
            for split in fileOrder where !splits.contains(split) {
                s.problem("files", "names split '\(split)', which dataset.splits does not list (\(splits.joined(separator: ", ")))")
                ok = false
            }
            if sourceFormat != nil, splits.count > 1 {
                s.problem("splits", "dataset.source is one file, which holds one split; for \(splits.count) splits give a directory or archive (and dataset.files)")
                ok = false
            }
            if sourceFormat != nil, s.has("files") {
                s.reject("files", "names files inside dataset.source, which is one file")
                ok = false
            }
        }

        var fields: TaskFields?
        if let fs = s.section("fields", known: TaskFields.keys) { fields = TaskFields.decode(fs) } else if !s.has("fields") {
            s.missing("fields", expected: "a mapping with input and label (fields of your records, or templates)", condition: "for a task of your own")
        }
        var labels: LabelSpec?
        if let ls = s.section("labels", known: TaskLabels.keys) { labels = TaskLabels.decode(ls) } else if !s.has("labels") {
            s.missing("labels", expected: "a mapping with kind (\(LabelKind.allCases.map(\.rawValue).joined(separator: ", ")))", condition: "for a task of your own")
        }
        if let fields, let labels {
            if labels.kind == .choices, fields.choices == nil {
                s.reader.report(s.keyPath("fields.choices"), "required with labels.kind: choices; expected the field holding each record's list of answer choices", at: s.node("fields")?.mark)
                ok = false
            }
            if labels.kind != .choices, fields.choices != nil {
                s.reader.report(s.keyPath("fields.choices"), "only used with labels.kind: choices (this task's kind is \(labels.kind.rawValue))", at: s.node("fields")?.mark)
                ok = false
            }
        }
        guard ok, let source, let format, let splits, let fields, let labels else { return nil }
        return TaskDataset(name: name, source: source, format: format, files: files, splits: splits, fields: fields, labels: labels)
    }
}
