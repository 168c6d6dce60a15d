import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwisePrompting
import StepwiseRationales

/// A dataset as a pipeline names it (`dataset.name`), with its own settings: everything the
/// stages need to know about it, in one place — the splits it has, how a split is read,
/// what its labels are and how a completion's answer is read, which exemplar files suit
/// it, and how its explanation reads as an answer.
///
/// The paper's five datasets are descriptors (``ESNLIDataset`` … ``ASDivDataset``) with
/// their official-format readers and the paper's parse rules; any other name is a
/// ``TaskDataset``, described by the pipeline file (fields, label kind, answer phrases). A
/// new built-in is one file with a type conforming to ``BuiltinDataset`` (plus its reader
/// and rule files where its format needs code) and its entry in ``DatasetKinds/builtins``.
public protocol DatasetDescriptor: Sendable {
    /// The dataset's name (`esnli`).
    var name: String { get }
    /// The splits it has, in run order; also the default of `dataset.splits`.
    var splits: [String] { get }
    /// `dataset.source`: the file, directory or archive it reads.
    var source: ConfigPath { get }
    /// The task's labels: their kind and, for `classes`, the classes.
    var labels: LabelSpec { get }
    /// How completions are read and labels compared, with the parse settings and the
    /// exemplars the teacher saw (a task's answer phrase comes from them).
    func answerRules(parse: ParseOptions, exemplars: ExemplarSet?) -> AnswerRules
    /// The dataset names whose exemplar files suit this one (its own first).
    var exemplarDatasets: [String] { get }
    /// The reader of one split.
    func reader(split: String) throws -> any SplitReader
    /// A record's explanation and gold label written as a teacher's answer would be (the
    /// human teacher's completion).
    func humanAnswer(_ record: SourceRecord) -> String
    /// The variables a question template sees for a record (default: its fields, `input`
    /// and, with choices, `answer_choices`; see ``PromptVariables``).
    func promptVariables(_ record: SourceRecord) -> JSONValue
    /// The effective settings of its own keys, for the fingerprint.
    var canonicalFields: [(String, JSONValue)] { get }
    /// The files it reads, with their keys (for `stepwise validate`).
    var inputPaths: [(keyPath: String, path: ConfigPath)] { get }
}

/// A dataset Stepwise knows by name: its keys in `dataset:` and how it decodes them.
public protocol BuiltinDataset: DatasetDescriptor {
    static var name: String { get }
    /// The keys it adds to `dataset:` (beyond the common ones), in documentation order.
    static var keys: [String] { get }
    /// The splits it has.
    static var splits: [String] { get }
    /// How its completions are read (the same whatever its settings).
    static var answerRules: AnswerRules { get }
    /// Decodes its keys; `source` is `dataset.source`.
    static func decode(_ section: ConfigSection, source: ConfigPath) -> Self?
}

extension DatasetDescriptor {
    public func promptVariables(_ record: SourceRecord) -> JSONValue { PromptVariables.of(record) }
}

extension BuiltinDataset {
    public var name: String { Self.name }
    public var splits: [String] { Self.splits }
    public var labels: LabelSpec { Self.answerRules.labels }
    /// The paper's rules, whatever the settings (`parse.answer_phrases` and
    /// `parse.label_pattern` are for tasks of one's own).
    public func answerRules(parse: ParseOptions, exemplars: ExemplarSet?) -> AnswerRules { Self.answerRules }
    public var exemplarDatasets: [String] { [Self.name] }
}

/// The built-in datasets, in documentation order.
public enum DatasetKinds {
    public static let builtins: [any BuiltinDataset.Type] = [
        ESNLIDataset.self, ANLIDataset.self, CQADataset.self, SVAMPDataset.self, ASDivDataset.self,
    ]

    public static func builtin(named name: String) -> (any BuiltinDataset.Type)? {
        builtins.first { $0.name == name }
    }

    public static var builtinNames: [String] { builtins.map { $0.name } }
}

/// The paper's answer layouts, which its exemplar files use and the human teacher writes.
enum PaperAnswer {
    /// `{{rationale}} So the answer is {{label}}.` (ANLI, CQA), `{{rationale}}\nAnswer: {{label}}`
    /// (e-SNLI), `{{rationale}} The answer is {{label}}.` (SVAMP, ASDiv), for an explanation
    /// cleaned to one line ending in a full stop, so the phrase reads as a new sentence.
    static func render(_ template: String, explanation: String, label: String) -> String {
        var s = explanation.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        s = s.trimmingCharacters(in: .whitespaces)
        if let last = s.last, !".!?".contains(last) { s += "." }
        let head = template.components(separatedBy: "{{rationale}}")
        let tail = (head.last ?? "").components(separatedBy: "{{label}}")
        return (head.first ?? "") + s + (tail.first ?? "") + label + (tail.last ?? "")
    }
}

extension ConfigSection {
    /// `dataset.format` for a paper dataset (default `official`).
    func sourceFormat() -> SourceFormat? {
        has("format") ? choice("format", SourceFormat.self) : .official
    }
}
