import StepwiseCore

/// One dataset's few-shot chain-of-thought exemplars and the templates that lay them out.
///
/// A prompt is built from three templates:
/// - `question` renders a record or an exemplar (`Premise: {premise}\nHypothesis: {hypothesis}`,
///   `Q: {input}`); it may use ``QuestionVariables/names``.
/// - `answerPrefix` opens the answer (`A:`, `Reasonings:`); a completion prompt ends with it.
/// - `answer` renders an exemplar's answer from `{rationale}` and `{label}`
///   (`{rationale} So the answer is {label}.`, `{rationale}\nAnswer: {label}`).
///
/// Completion style (see ``PromptRenderer``): the instruction (if any), then for each
/// exemplar `question \n answerPrefix answer`, blocks separated by a blank line, then the
/// record's question and the open answer prefix. Chat style: the instruction as the system
/// message, each exemplar as a user/assistant pair, the record's question as the last user
/// message.
public struct ExemplarSet: Sendable, Hashable {
    public var dataset: String
    /// Text placed before the exemplars (the system message in chat style); may be empty.
    public var instruction: String
    public var question: PromptTemplate
    public var answerPrefix: String
    public var answer: PromptTemplate
    public var exemplars: [Exemplar]

    public init(
        dataset: String, instruction: String = "", question: PromptTemplate, answerPrefix: String,
        answer: PromptTemplate, exemplars: [Exemplar]
    ) {
        self.dataset = dataset
        self.instruction = instruction
        self.question = question
        self.answerPrefix = answerPrefix
        self.answer = answer
        self.exemplars = exemplars
    }

    /// Renders an answer: `rationale` and `label` substituted into the `answer` template.
    public func renderAnswer(rationale: String, label: String) -> String {
        var out = ""
        answer.render(into: &out) { $0 == "rationale" ? rationale : label }
        return out
    }
}

/// One worked example: the question's variables, the rationale and the label as written
/// in the answer (for CommonsenseQA with its letter: `(b) house`).
public struct Exemplar: Sendable, Hashable {
    public var variables: QuestionVariables
    public var rationale: String
    public var label: String

    public init(variables: QuestionVariables, rationale: String, label: String) {
        self.variables = variables
        self.rationale = rationale
        self.label = label
    }
}
