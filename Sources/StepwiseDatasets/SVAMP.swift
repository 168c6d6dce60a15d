import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwiseRationales

/// SVAMP (Patel et al., 2021), split 800/200 as the paper does: reader in
/// `StepwiseLoaders/Datasets/SVAMP.swift`, rule in `StepwiseRationales/Parsers/EquationRules.swift`.
public struct SVAMPDataset: BuiltinDataset, Hashable {
    /// `dataset.format` (default `official`: SVAMP.json).
    public var format: SourceFormat
    public var source: ConfigPath

    public static let name = "svamp"
    public static let keys = ["format"]
    public static let splits = ["train", "test"]

    public init(format: SourceFormat = .official, source: ConfigPath) {
        self.format = format
        self.source = source
    }

    public static func decode(_ s: ConfigSection, source: ConfigPath) -> SVAMPDataset? {
        s.sourceFormat().map { SVAMPDataset(format: $0, source: source) }
    }

    public static let answerRules = AnswerRules.equation
    public func reader(split: String) throws -> any SplitReader {
        try SVAMP.reader(format: format, source: source.url, split: split)
    }
    public func humanAnswer(_ record: SourceRecord) -> String {
        PaperAnswer.render("{{rationale}} The answer is {{label}}.", explanation: record.explanation ?? "", label: record.label)
    }
    public var canonicalFields: [(String, JSONValue)] { [("format", .string(format.rawValue))] }
    public var inputPaths: [(keyPath: String, path: ConfigPath)] { [] }
}
