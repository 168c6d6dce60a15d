import StepwiseCore

/// Renders prompts from an ``ExemplarSet``: the few-shot part is built once, so a record's
/// prompt costs one template rendering and a concatenation. Same exemplars and record →
/// same bytes.
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
            let question = exemplars.question.render(PromptVariables.withChoices(exemplar.values))
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

    /// The prompt for a record whose template variables are `variables` (a JSON object:
    /// its fields and what its dataset adds, see ``PromptVariables``).
    public func prompt(variables: JSONValue) -> Prompt {
        let question = exemplars.question.render(variables)
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

/// The variables a question template sees for a record: its raw fields, then `input` (the
/// student input) and, when it has answer choices, `choices` (the texts) and
/// `answer_choices` (`(a) …` one per line, as the paper writes them). A dataset may add its
/// own (NLI adds `premise` and `hypothesis`).
public enum PromptVariables {
    public static func of(_ record: SourceRecord, adding extra: [(String, JSONValue)] = []) -> JSONValue {
        var pairs = record.fields.filter { key, _ in key != "input" && !extra.contains { $0.0 == key } }
        pairs.append(("input", .string(record.input)))
        if let choices = record.choices {
            pairs.removeAll { $0.0 == "choices" || $0.0 == "answer_choices" }
            pairs.append(("choices", .array(choices.map(JSONValue.string))))
            pairs.append(("answer_choices", .string(answerChoices(choices))))
        }
        return .object(pairs + extra)
    }

    /// An exemplar's values, with `answer_choices` made from its `choices` list if it has one.
    static func withChoices(_ values: JSONValue) -> JSONValue {
        guard case .object(var pairs) = values, values["answer_choices"] == nil,
            let list = values["choices"]?.arrayValue?.compactMap(\.stringValue), !list.isEmpty
        else { return values }
        pairs.append(("answer_choices", .string(answerChoices(list))))
        return .object(pairs)
    }

    /// `(a) first\n(b) second…`.
    public static func answerChoices(_ choices: [String]) -> String {
        choices.enumerated().map { i, text in
            "(\(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(i % 26))))) \(text)"
        }.joined(separator: "\n")
    }
}
