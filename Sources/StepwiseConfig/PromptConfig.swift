/// `prompt:` — how few-shot chain-of-thought prompts are assembled.
public struct PromptConfig: Sendable, Hashable {
    /// `prompt.exemplars`: the exemplar file (required unless `teacher.kind` is `human`,
    /// which needs no prompt; then `nil` when not given).
    public var exemplars: ConfigPath?
    /// `prompt.style` (default `completion`).
    public var style: PromptConfig.Style
    /// `prompt.system`: a system message (only with `style: chat`).
    public var system: String?

    public init(exemplars: ConfigPath? = nil, style: PromptConfig.Style = .completion, system: String? = nil) {
        self.exemplars = exemplars
        self.style = style
        self.system = system
    }
}

extension PromptConfig {
    /// `prompt.style`: one text prompt, or chat messages.
    public enum Style: String, Sendable, Hashable, CaseIterable {
        /// `Q: … A: …` blocks ending with the new question and an open `A:`.
        case completion
        /// The same exemplars as alternating user/assistant messages.
        case chat
    }
}
