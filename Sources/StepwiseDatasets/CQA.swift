import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwiseRationales

/// CommonsenseQA v1.11 with CoS-E explanations: reader in `StepwiseLoaders/Datasets/CQA.swift`,
/// rule in `StepwiseRationales/Parsers/CQARules.swift`. Its test split is CQA's dev set.
public struct CQADataset: BuiltinDataset, Hashable {
    /// `dataset.format` (default `official`: CQA + CoS-E JSONL).
    public var format: SourceFormat
    public var source: ConfigPath
    /// `dataset.explanations`: where the CoS-E files are (default: `source`).
    public var explanations: ConfigPath

    public static let name = "cqa"
    public static let keys = ["format", "explanations"]
    public static let splits = ["train", "test"]

    public init(format: SourceFormat = .official, source: ConfigPath, explanations: ConfigPath? = nil) {
        self.format = format
        self.source = source
        self.explanations = explanations ?? source
    }

    public static func decode(_ s: ConfigSection, source: ConfigPath) -> CQADataset? {
        let format = s.sourceFormat()
        let explanations = s.path("explanations")
        guard let format, !s.has("explanations") || explanations != nil else { return nil }
        return CQADataset(format: format, source: source, explanations: explanations)
    }

    public static let answerRules = AnswerRules.cqa
    public func reader(split: String) throws -> any SplitReader {
        try CQA.reader(format: format, source: source.url, explanations: explanations.url, split: split)
    }
    /// The label as the paper's exemplars write it: the choice letter and text, `(b) house`.
    public func humanAnswer(_ record: SourceRecord) -> String {
        var label = record.label
        if let choices = record.choices, let i = choices.firstIndex(of: record.label), i < 26 {
            label = "(\(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(i))))) \(record.label)"
        }
        return PaperAnswer.render("{{rationale}} So the answer is {{label}}.", explanation: record.explanation ?? "", label: label)
    }
    public var canonicalFields: [(String, JSONValue)] {
        [("format", .string(format.rawValue)), ("explanations", .string(explanations.path))]
    }
    public var inputPaths: [(keyPath: String, path: ConfigPath)] {
        explanations == source ? [] : [("dataset.explanations", explanations)]
    }
}
