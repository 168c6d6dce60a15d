/// How completions are split into rationale and label.
public enum ParseMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Exactly the rules of the paper's code (see the dataset rule files).
    case paper
    /// The paper's result wherever its label is in the label space; otherwise a lenient
    /// second pass that recovers other answer phrases, case and punctuation variants,
    /// bare choice letters or texts, and equations written without the paper's parentheses.
    case robust
}

/// What to do with a rationale longer than ``ParseOptions/maxRationaleTokens``.
public enum RationaleTooLongPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Drop the record as `rationale_too_long`.
    case filter
    /// Keep the record; the tokenizer stage cuts the rationale at its target limit.
    case truncate
}

/// Where the rationale and label come from.
public enum RationaleSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// Parse the teacher's completion.
    case completion
    /// The `human` teacher: the dataset's own explanation is the rationale and the gold
    /// label is the label; the completion, if any, is ignored.
    case humanExplanation
}

/// The parse stage's settings (pipeline key `parse:`).
public struct ParseOptions: Sendable, Hashable {
    public var mode: ParseMode
    public var rationaleTooLong: RationaleTooLongPolicy
    /// The target limit of the tokenizer (`max_target_tokens`), counted by the closure
    /// given to ``ParseStage``.
    public var maxRationaleTokens: Int
    /// Drop a record whose input equals that of a record kept before it. Needs state
    /// across batches, so it is done by ``DuplicateInputStage`` (append it when this is on).
    public var dropDuplicateInputs: Bool
    /// Drop a record whose teacher label differs from its gold label.
    public var dropTeacherDisagreement: Bool
    public var rationaleSource: RationaleSource

    public init(
        mode: ParseMode = .robust, rationaleTooLong: RationaleTooLongPolicy = .filter,
        maxRationaleTokens: Int = 256, dropDuplicateInputs: Bool = false,
        dropTeacherDisagreement: Bool = false, rationaleSource: RationaleSource = .completion
    ) {
        self.mode = mode
        self.rationaleTooLong = rationaleTooLong
        self.maxRationaleTokens = maxRationaleTokens
        self.dropDuplicateInputs = dropDuplicateInputs
        self.dropTeacherDisagreement = dropTeacherDisagreement
        self.rationaleSource = rationaleSource
    }
}
