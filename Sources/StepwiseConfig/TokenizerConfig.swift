/// `tokenizer:` — the student's T5 SentencePiece tokenizer and the task prefixes.
public struct TokenizerConfig: Sendable, Hashable {
    /// `tokenizer.path`: an `spiece.model` or an HF `tokenizer.json`.
    public var path: ConfigPath
    /// `tokenizer.max_input_tokens` (default 1024), EOS included.
    public var maxInputTokens: Int
    /// `tokenizer.max_target_tokens` (default 256), EOS included.
    public var maxTargetTokens: Int
    /// `tokenizer.input_prefix`: the label task's prefix (default `"predict: "`).
    public var inputPrefix: String
    /// `tokenizer.rationale_prefix`: the rationale task's prefix (default `"explain: "`).
    public var rationalePrefix: String

    public init(
        path: ConfigPath, maxInputTokens: Int = 1024, maxTargetTokens: Int = 256,
        inputPrefix: String = "predict: ", rationalePrefix: String = "explain: "
    ) {
        self.path = path
        self.maxInputTokens = maxInputTokens
        self.maxTargetTokens = maxTargetTokens
        self.inputPrefix = inputPrefix
        self.rationalePrefix = rationalePrefix
    }
}
