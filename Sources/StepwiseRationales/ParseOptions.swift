import StepwiseConfig
import StepwiseCore

/// How completions are split into rationale and label.
public enum ParseMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Exactly the rules of the paper's code (see the dataset rule files).
    case paper
    /// The paper's result wherever its label is in the label space; otherwise a lenient
    /// second pass that recovers other answer phrases, case and punctuation variants,
    /// bare choice letters or texts, and equations written without the paper's parentheses.
    case robust
}

/// What to do with a rationale longer than the tokenizer's target limit.
public enum RationaleTooLongPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Drop the record as `rationale_too_long`.
    case filter
    /// Keep the record; the tokenizer stage cuts the rationale at its target limit.
    case truncate
}

/// The parse stage's settings: the pipeline file's `parse:` section.
public struct ParseOptions: PipelineSection {
    /// `parse.mode` (default `robust`).
    public var mode: ParseMode
    /// `parse.rationale_too_long` (default `filter`): a rationale longer than
    /// `tokenizer.max_target_tokens`.
    public var rationaleTooLong: RationaleTooLongPolicy
    /// `parse.drop_duplicate_inputs` (default false: the paper keeps them). Needs state
    /// across batches, so it is done by ``DuplicateInputStage`` (append it when this is on).
    public var dropDuplicateInputs: Bool
    /// `parse.drop_teacher_disagreement` (default false): drop a record whose teacher
    /// label differs from its gold label.
    public var dropTeacherDisagreement: Bool

    public init(
        mode: ParseMode = .robust, rationaleTooLong: RationaleTooLongPolicy = .filter,
        dropDuplicateInputs: Bool = false, dropTeacherDisagreement: Bool = false
    ) {
        self.mode = mode
        self.rationaleTooLong = rationaleTooLong
        self.dropDuplicateInputs = dropDuplicateInputs
        self.dropTeacherDisagreement = dropTeacherDisagreement
    }

    public static let keys = ["mode", "rationale_too_long", "drop_duplicate_inputs", "drop_teacher_disagreement"]

    /// Decodes `parse:`; `nil` when a value is wrong (reported through `s`).
    public static func decode(_ s: ConfigSection) -> ParseOptions? {
        let defaults = ParseOptions()
        let mode = s.choice("mode", ParseMode.self)
        let tooLong = s.choice("rationale_too_long", RationaleTooLongPolicy.self)
        let duplicates = s.bool("drop_duplicate_inputs")
        let disagreement = s.bool("drop_teacher_disagreement")
        guard s.allPresentDecoded(["mode": mode, "rationale_too_long": tooLong,
                                   "drop_duplicate_inputs": duplicates, "drop_teacher_disagreement": disagreement])
        else { return nil }
        return ParseOptions(
            mode: mode ?? defaults.mode, rationaleTooLong: tooLong ?? defaults.rationaleTooLong,
            dropDuplicateInputs: duplicates ?? defaults.dropDuplicateInputs,
            dropTeacherDisagreement: disagreement ?? defaults.dropTeacherDisagreement)
    }

    public var canonical: JSONValue {
        [
            "mode": .string(mode.rawValue), "rationale_too_long": .string(rationaleTooLong.rawValue),
            "drop_duplicate_inputs": .bool(dropDuplicateInputs), "drop_teacher_disagreement": .bool(dropTeacherDisagreement),
        ]
    }
}
