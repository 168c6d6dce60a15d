import StepwiseConfig
import StepwiseCore

/// `tokenizer:` — the student's T5 SentencePiece tokenizer and the length limits, as the
/// tokenize stage uses them (the task prefixes are ``StudentOptions``).
public struct TokenizeOptions: PipelineSection {
    /// `tokenizer.path`: an `spiece.model` or an HF `tokenizer.json`.
    public var path: ConfigPath
    /// `tokenizer.max_input_tokens` (default 1024), EOS included.
    public var maxInputTokens: Int
    /// `tokenizer.max_target_tokens` (default 256), EOS included.
    public var maxTargetTokens: Int

    public init(path: ConfigPath, maxInputTokens: Int = 1024, maxTargetTokens: Int = 256) {
        self.path = path
        self.maxInputTokens = maxInputTokens
        self.maxTargetTokens = maxTargetTokens
    }

    public static let keys = ["path", "max_input_tokens", "max_target_tokens"]

    public static func decode(_ s: ConfigSection) -> TokenizeOptions? {
        let path = s.path("path")
        if !s.has("path") { s.missing("path", expected: "a path to spiece.model or tokenizer.json") }
        let maxInput = s.positiveInt("max_input_tokens")
        let maxTarget = s.positiveInt("max_target_tokens")
        guard let path, s.allPresentDecoded(["max_input_tokens": maxInput, "max_target_tokens": maxTarget]) else { return nil }
        let defaults = TokenizeOptions(path: path)
        return TokenizeOptions(
            path: path, maxInputTokens: maxInput ?? defaults.maxInputTokens, maxTargetTokens: maxTarget ?? defaults.maxTargetTokens)
    }

    public var canonical: JSONValue {
        [
            "path": .string(path.path), "max_input_tokens": .int(maxInputTokens), "max_target_tokens": .int(maxTargetTokens),
        ]
    }
}
