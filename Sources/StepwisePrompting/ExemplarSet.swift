import Foundation
import StepwiseCore

/// One task's few-shot chain-of-thought exemplars and the templates that lay them out.
///
/// A prompt is built from three parts (Mustache templates, see ``TextTemplate``):
/// - `question` renders a record or an exemplar (`Premise: {{premise}}\nHypothesis:
///   {{hypothesis}}`, `Q: {{question}}`): any of the record's fields, plus what the dataset
///   adds (`input`, the student input; `answer_choices` for a choices task).
/// - `answerPrefix` opens the answer (`A:`, `Reasonings:`); a completion prompt ends with it.
/// - `answer` renders an exemplar's answer from `{{rationale}}` and `{{label}}`
///   (`{{rationale}} So the answer is {{label}}.`).
///
/// Completion style (see ``PromptRenderer``): the instruction (if any), then for each
/// exemplar `question \n answerPrefix answer`, blocks separated by a blank line, then the
/// record's question and the open answer prefix. Chat style: the system message, each
/// exemplar as a user/assistant pair, the record's question as the last user message.
public struct ExemplarSet: Sendable, Hashable {
    /// The dataset the exemplars are written for.
    public var dataset: String
    /// Text placed before the exemplars (in the system message in chat style); may be empty.
    public var instruction: String
    public var question: TextTemplate
    public var answerPrefix: String
    public var answer: TextTemplate
    public var exemplars: [Exemplar]

    public init(
        dataset: String, instruction: String = "", question: TextTemplate, answerPrefix: String,
        answer: TextTemplate, exemplars: [Exemplar]
    ) {
        self.dataset = dataset
        self.instruction = instruction
        self.question = question
        self.answerPrefix = answerPrefix
        self.answer = answer
        self.exemplars = exemplars
    }

    /// Renders an answer: `rationale` and `label` put into the `answer` template.
    public func renderAnswer(rationale: String, label: String) -> String {
        answer.render(["rationale": rationale, "label": label])
    }

    /// The answer phrase the exemplars teach: the text between `{{rationale}}` and
    /// `{{label}}` in ``answer``, trimmed (`So the answer is`, `Answer:`, `####`); `nil` when
    /// the label comes first or only whitespace separates them.
    public var answerPhrase: String? {
        let source = answer.source
        guard let rationale = Self.tag("rationale", in: source), let label = Self.tag("label", in: source),
            rationale.upperBound <= label.lowerBound
        else { return nil }
        let phrase = source[rationale.upperBound..<label.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return phrase.isEmpty ? nil : phrase
    }

    /// The range of the first `{{name}}` tag (spaces inside the braces allowed).
    static func tag(_ name: String, in source: String) -> Range<String.Index>? {
        var from = source.startIndex
        while let open = source.range(of: "{{", range: from..<source.endIndex),
            let close = source.range(of: "}}", range: open.upperBound..<source.endIndex)
        {
            if source[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces) == name {
                return open.lowerBound..<close.upperBound
            }
            from = close.upperBound
        }
        return nil
    }

    /// The text before an exemplar's question, trimmed (`Q:`, `Premise:`): where an invented
    /// next exemplar starts in a completion, so the parser can cut it off. `nil` when the
    /// question starts with a variable.
    public var questionMarker: String? {
        var literal = ""
        for character in question.source {
            if character == "{" { break }
            if character == "\n" { break }
            literal.append(character)
        }
        let trimmed = literal.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// One worked example: the values its question uses (any keys of the exemplar file's
/// entry), the rationale, and the label as written in the answer (for a choices task with
/// its letter: `(b) house`).
public struct Exemplar: Sendable, Hashable {
    /// The entry's values, as a JSON object, without `rationale` and `label`.
    public var values: JSONValue
    public var rationale: String
    public var label: String

    public init(values: JSONValue, rationale: String, label: String) {
        self.values = values
        self.rationale = rationale
        self.label = label
    }
}
