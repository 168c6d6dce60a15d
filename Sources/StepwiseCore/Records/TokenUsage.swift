/// Tokens a teacher used: what the server reported in `usage`, or an estimate where it
/// sent none. Adds up across completions, records and splits.
public struct TokenUsage: Sendable, Hashable {
    /// Prompt (input) tokens, including the cached ones.
    public var promptTokens: Int
    /// Completion (output) tokens.
    public var completionTokens: Int
    /// Prompt tokens the server served from its prompt cache (billed at the cached price).
    public var cachedPromptTokens: Int
    /// Completions counted.
    public var completions: Int
    /// Of those, completions whose counts are estimated (UTF-8 bytes / 4) because the
    /// server sent no `usage`.
    public var estimatedCompletions: Int

    public init(
        promptTokens: Int = 0, completionTokens: Int = 0, cachedPromptTokens: Int = 0, completions: Int = 0,
        estimatedCompletions: Int = 0
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedPromptTokens = cachedPromptTokens
        self.completions = completions
        self.estimatedCompletions = estimatedCompletions
    }

    public static let zero = TokenUsage()

    /// The usage of one completion estimated from text: UTF-8 bytes / 4, rounded up.
    public static func estimate(promptBytes: Int, completionBytes: Int) -> TokenUsage {
        TokenUsage(
            promptTokens: (promptBytes + 3) / 4, completionTokens: (completionBytes + 3) / 4, completions: 1,
            estimatedCompletions: 1)
    }

    public var isZero: Bool { self == .zero }
    public var totalTokens: Int { promptTokens + completionTokens }

    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens,
            cachedPromptTokens: a.cachedPromptTokens + b.cachedPromptTokens, completions: a.completions + b.completions,
            estimatedCompletions: a.estimatedCompletions + b.estimatedCompletions)
    }

    public static func += (a: inout TokenUsage, b: TokenUsage) { a = a + b }

    /// `{"prompt_tokens", "completion_tokens", "cached_prompt_tokens", "completions",
    /// "estimated_completions"}`.
    public var json: JSONValue {
        .object([
            ("prompt_tokens", .int(promptTokens)), ("completion_tokens", .int(completionTokens)),
            ("cached_prompt_tokens", .int(cachedPromptTokens)), ("completions", .int(completions)),
            ("estimated_completions", .int(estimatedCompletions)),
        ])
    }

    /// Reads ``json``; missing fields are 0.
    public init(json: JSONValue) {
        self.init(
            promptTokens: json["prompt_tokens"]?.intValue ?? 0, completionTokens: json["completion_tokens"]?.intValue ?? 0,
            cachedPromptTokens: json["cached_prompt_tokens"]?.intValue ?? 0, completions: json["completions"]?.intValue ?? 0,
            estimatedCompletions: json["estimated_completions"]?.intValue ?? 0)
    }
}

/// `teacher.price`: what a million tokens cost, in one currency (the run's figures use it
/// as given; Stepwise does not convert).
public struct TokenPrice: Sendable, Hashable {
    /// A million prompt (input) tokens, ≥ 0.
    public var input: Double
    /// A million completion (output) tokens, ≥ 0.
    public var output: Double
    /// A million prompt tokens served from the server's prompt cache; `nil`: as `input`.
    public var cachedInput: Double?

    public init(input: Double, output: Double, cachedInput: Double? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
    }

    /// The cost of `usage`: uncached prompt tokens at `input`, cached ones at
    /// `cachedInput`, completion tokens at `output`.
    public func cost(of usage: TokenUsage) -> Double {
        let cached = min(usage.cachedPromptTokens, usage.promptTokens)
        let uncached = usage.promptTokens - cached
        return (Double(uncached) * input + Double(cached) * (cachedInput ?? input) + Double(usage.completionTokens) * output)
            / 1_000_000
    }

    /// The cost of `promptTokens` prompt and `completionTokens` completion tokens, none cached.
    public func cost(promptTokens: Int, completionTokens: Int) -> Double {
        cost(of: TokenUsage(promptTokens: promptTokens, completionTokens: completionTokens))
    }

    public var json: JSONValue {
        .object([
            ("input_per_million", .double(input)), ("output_per_million", .double(output)),
            ("cached_input_per_million", cachedInput.map(JSONValue.double) ?? .null),
        ])
    }
}
