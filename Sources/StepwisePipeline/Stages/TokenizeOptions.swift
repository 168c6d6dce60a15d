import StepwiseConfig
import StepwiseCore

/// `tokenizer:` — the student's T5 SentencePiece tokenizer, the task prefixes and the
/// length limits, as the tokenize stage uses them.
public struct TokenizeOptions: PipelineSection {
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

    public static let keys = ["path", "max_input_tokens", "max_target_tokens", "input_prefix", "rationale_prefix"]

    public static func decode(_ s: ConfigSection) -> TokenizeOptions? {
        let path = s.path("path")
        if !s.has("path") { s.missing("path", expected: "a path to spiece.model or tokenizer.json") }
        let maxInput = s.positiveInt("max_input_tokens")
        let maxTarget = s.positiveInt("max_target_tokens")
        let inputPrefix = s.string("input_prefix", nonEmpty: false)
        let rationalePrefix = s.string("rationale_prefix", nonEmpty: false)
        guard let path,
            s.allPresentDecoded([
                "max_input_tokens": maxInput, "max_target_tokens": maxTarget, "input_prefix": inputPrefix,
                "rationale_prefix": rationalePrefix,
            ])
        else { return nil }
        let defaults = TokenizeOptions(path: path)
        return TokenizeOptions(
            path: path, maxInputTokens: maxInput ?? defaults.maxInputTokens,
            maxTargetTokens: maxTarget ?? defaults.maxTargetTokens, inputPrefix: inputPrefix ?? defaults.inputPrefix,
            rationalePrefix: rationalePrefix ?? defaults.rationalePrefix)
    }

    public var canonical: JSONValue {
        [
            "path": .string(path.path), "max_input_tokens": .int(maxInputTokens), "max_target_tokens": .int(maxTargetTokens),
            "input_prefix": .string(inputPrefix), "rationale_prefix": .string(rationalePrefix),
        ]
    }
}
