/// `parse:` — turning completions into rationale + label, and what is filtered.
public struct ParseConfig: Sendable, Hashable {
    /// `parse.mode` (default `robust`).
    public var mode: ParseConfig.Mode
    /// `parse.rationale_too_long`: what happens to a rationale longer than
    /// `tokenizer.max_target_tokens` (default `filter`).
    public var rationaleTooLong: ParseConfig.RationaleTooLong
    /// `parse.drop_duplicate_inputs` (default false: the paper keeps them).
    public var dropDuplicateInputs: Bool
    /// `parse.drop_teacher_disagreement`: drop records whose teacher label differs from
    /// the gold label (default false: the paper keeps them).
    public var dropTeacherDisagreement: Bool

    public init(
        mode: ParseConfig.Mode = .robust, rationaleTooLong: ParseConfig.RationaleTooLong = .filter,
        dropDuplicateInputs: Bool = false, dropTeacherDisagreement: Bool = false
    ) {
        self.mode = mode
        self.rationaleTooLong = rationaleTooLong
        self.dropDuplicateInputs = dropDuplicateInputs
        self.dropTeacherDisagreement = dropTeacherDisagreement
    }
}

extension ParseConfig {
    /// `parse.mode`.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Exactly the paper's code's rules.
        case paper
        /// The paper's rules plus recovery of other answer phrases and label spellings.
        case robust
    }
}

extension ParseConfig {
    /// `parse.rationale_too_long`.
    public enum RationaleTooLong: String, Sendable, Hashable, CaseIterable {
        /// Drop the record with reason `rationale_too_long`.
        case filter
        /// Keep it; the tokenizer truncates the rationale.
        case truncate
    }
}
