import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwiseRationales

/// ASDiv (Miao et al., 2020), which the paper adds to SVAMP's training data: reader in
/// `StepwiseLoaders/Datasets/ASDiv.swift`; SVAMP's answer rule and exemplars.
public struct ASDivDataset: BuiltinDataset, Hashable {
    /// `dataset.format` (default `official`: ASDiv.xml).
    public var format: SourceFormat
    public var source: ConfigPath

    public static let name = "asdiv"
    public static let keys = ["format"]
    public static let splits = ["train"]

    public init(format: SourceFormat = .official, source: ConfigPath) {
        self.format = format
        self.source = source
    }

    public static func decode(_ s: ConfigSection, source: ConfigPath) -> ASDivDataset? {
        s.sourceFormat().map { ASDivDataset(format: $0, source: source) }
    }

    public static let answerRules = AnswerRules.equation
    public var exemplarDatasets: [String] { ["asdiv", "svamp"] }
    public func reader(split: String) throws -> any SplitReader {
        try ASDiv.reader(format: format, source: source.url, split: split)
    }
    public func humanAnswer(_ record: SourceRecord) -> String {
        PaperAnswer.render("{{rationale}} The answer is {{label}}.", explanation: record.explanation ?? "", label: record.label)
    }
    public var canonicalFields: [(String, JSONValue)] { [("format", .string(format.rawValue))] }
    public var inputPaths: [(keyPath: String, path: ConfigPath)] { [] }
}
