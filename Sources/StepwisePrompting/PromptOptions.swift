import Foundation
import StepwiseConfig
import StepwiseCore

/// `prompt:` — how few-shot chain-of-thought prompts are assembled.
public struct PromptOptions: PipelineSection {
    /// `prompt.exemplars`: the exemplar file (required unless the teacher needs none,
    /// like `human`; then `nil` when not given).
    public var exemplars: ConfigPath?
    /// `prompt.style` (default `completion`).
    public var style: PromptStyle
    /// `prompt.system`: the system message of chat prompts (only with `style: chat`); the
    /// exemplar file's instruction, if any, follows it.
    public var system: String?

    public init(exemplars: ConfigPath? = nil, style: PromptStyle = .completion, system: String? = nil) {
        self.exemplars = exemplars
        self.style = style
        self.system = system
    }

    public static let keys = ["exemplars", "style", "system"]

    /// Decodes `prompt:`.
    /// - Parameters:
    ///   - exemplarsRequired: the reason the exemplar file is required (`with teacher kind
    ///     replay`), `nil` when it is optional.
    ///   - chatProblem: why `style: chat` does not suit the teacher, `nil` when it does.
    public static func decode(_ s: ConfigSection, exemplarsRequired: String?, chatProblem: String?) -> PromptOptions? {
        var ok = true
        let exemplars = s.path("exemplars")
        if s.has("exemplars"), exemplars == nil { ok = false }
        if !s.has("exemplars"), let condition = exemplarsRequired {
            s.missing("exemplars", expected: "a path to the few-shot exemplar file", condition: condition)
            ok = false
        }
        let style = s.choice("style", PromptStyle.self)
        if s.has("style"), style == nil { ok = false }
        let effectiveStyle = style ?? .completion
        if effectiveStyle == .chat, let chatProblem {
            s.problem("style", chatProblem)
            ok = false
        }
        var system: String?
        if effectiveStyle == .chat || (s.has("style") && style == nil) {
            system = s.string("system", nonEmpty: false)
            if s.has("system"), system == nil { ok = false }
        } else if s.has("system") {
            s.reject("system", "only used with style chat")
            ok = false
        }
        guard ok else { return nil }
        return PromptOptions(exemplars: exemplars, style: effectiveStyle, system: system)
    }

    public var canonical: JSONValue {
        ["exemplars": .optional(exemplars?.path), "style": .string(style.rawValue), "system": .optional(system)]
    }
}
