import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwiseRationales

/// Adversarial NLI (Nie et al., 2020), one round at a time: reader in
/// `StepwiseLoaders/Datasets/ANLI.swift`, rule in `StepwiseRationales/Parsers/ANLIRules.swift`.
public struct ANLIDataset: BuiltinDataset, Hashable {
    /// `dataset.format` (default `official`: the zip's JSONL files).
    public var format: SourceFormat
    public var source: ConfigPath
    /// `dataset.round`: 1, 2 or 3 (default 1).
    public var round: Int

    public static let name = "anli"
    public static let keys = ["format", "round"]
    public static let splits = ["train", "valid", "test"]

    public init(format: SourceFormat = .official, source: ConfigPath, round: Int = 1) {
        self.format = format
        self.source = source
        self.round = round
    }

    public static func decode(_ s: ConfigSection, source: ConfigPath) -> ANLIDataset? {
        let format = s.sourceFormat()
        let round = s.int("round", in: 1...3, expected: "1, 2 or 3")
        guard let format, !s.has("round") || round != nil else { return nil }
        return ANLIDataset(format: format, source: source, round: round ?? 1)
    }

    public static let answerRules = AnswerRules.anli
    public func reader(split: String) throws -> any SplitReader {
        try ANLI.reader(format: format, source: source.url, round: round, split: split)
    }
    public func promptVariables(_ record: SourceRecord) -> JSONValue { NLIPromptVariables.of(record) }
    public func humanAnswer(_ record: SourceRecord) -> String {
        PaperAnswer.render("{{rationale}} So the answer is {{label}}.", explanation: record.explanation ?? "", label: record.label)
    }
    public var canonicalFields: [(String, JSONValue)] { [("format", .string(format.rawValue)), ("round", .int(round))] }
    public var inputPaths: [(keyPath: String, path: ConfigPath)] { [] }
}
