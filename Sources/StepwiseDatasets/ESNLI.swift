import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwiseRationales

/// e-SNLI (Camburu et al., 2018): reader in `StepwiseLoaders/Datasets/ESNLI.swift`, the
/// paper's parse rule in `StepwiseRationales/Parsers/ESNLIRules.swift`.
public struct ESNLIDataset: BuiltinDataset, Hashable {
    /// `dataset.format` (default `official`: the CSV files).
    public var format: SourceFormat
    /// `dataset.source`.
    public var source: ConfigPath

    public static let name = "esnli"
    public static let keys = ["format"]
    public static let splits = ["train", "valid", "test"]

    public init(format: SourceFormat = .official, source: ConfigPath) {
        self.format = format
        self.source = source
    }

    public static func decode(_ s: ConfigSection, source: ConfigPath) -> ESNLIDataset? {
        s.sourceFormat().map { ESNLIDataset(format: $0, source: source) }
    }

    public static let answerRules = AnswerRules.esnli
    public func reader(split: String) throws -> any SplitReader {
        try ESNLI.reader(format: format, source: source.url, split: split)
    }
    public func promptVariables(_ record: SourceRecord) -> JSONValue { NLIPromptVariables.of(record) }
    public func humanAnswer(_ record: SourceRecord) -> String {
        PaperAnswer.render("{{rationale}}\nAnswer: {{label}}", explanation: record.explanation ?? "", label: record.label)
    }
    public var canonicalFields: [(String, JSONValue)] { [("format", .string(format.rawValue))] }
    public var inputPaths: [(keyPath: String, path: ConfigPath)] { [] }
}
