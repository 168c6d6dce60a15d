import StepwiseCore

/// Renders prompts from an ``ExemplarSet``: the few-shot part is built once, so a record's
/// prompt costs one string concatenation. Same exemplars and record → same bytes.
public struct PromptRenderer: Sendable {
    public let exemplars: ExemplarSet
    public let style: PromptStyle
    /// Completion style: everything before the record's question.
    let completionPrefix: String
    /// Chat style: the system message (if any) and the exemplar turns.
    let chatPrefix: [ChatMessage]

    /// - Parameter system: chat style's system message (`prompt.system`); the exemplar
    ///   file's instruction, if any, follows it in the same message.
    public init(exemplars: ExemplarSet, style: PromptStyle, system: String? = nil) {
        self.exemplars = exemplars
        self.style = style
        var text = ""
        var messages: [ChatMessage] = []
        if !exemplars.instruction.isEmpty { text += exemplars.instruction + "\n\n" }
        let systemMessage = [system ?? "", exemplars.instruction].filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !systemMessage.isEmpty { messages.append(ChatMessage(role: "system", content: systemMessage)) }
        for exemplar in exemplars.exemplars {
            var question = ""
            exemplars.question.render(into: &question) { exemplar.variables[$0] }
            let answer = exemplars.renderAnswer(rationale: exemplar.rationale, label: exemplar.label)
            text += question + "\n" + exemplars.answerPrefix + " " + answer + "\n\n"
            messages.append(ChatMessage(role: "user", content: question))
            messages.append(ChatMessage(role: "assistant", content: answer))
        }
        self.completionPrefix = text
        self.chatPrefix = messages
    }

    /// The settings it renders with, as JSON: the exemplar file's content and the layout.
    public var settings: JSONValue {
        [
            "style": .string(style.rawValue), "prefix": .string(completionPrefix),
            "chat": .array(chatPrefix.map { ["role": .string($0.role), "content": .string($0.content)] }),
        ]
    }

    /// The record's question as the template renders it.
    public func question(for record: SourceRecord) -> String {
        let variables = QuestionVariables(record: record)
        var out = ""
        exemplars.question.render(into: &out) { variables[$0] }
        return out
    }

    /// The prompt for `record` in this renderer's style.
    public func prompt(for record: SourceRecord) -> Prompt {
        let question = question(for: record)
        switch style {
        case .completion:
            var text = completionPrefix
            text.reserveCapacity(text.utf8.count + question.utf8.count + exemplars.answerPrefix.utf8.count + 1)
            text += question
            text += "\n"
            text += exemplars.answerPrefix
            return .text(text)
        case .chat:
            return .chat(chatPrefix + [ChatMessage(role: "user", content: question)])
        }
    }
}
