import StepwiseCore

/// What a dataset's paper rule made of a completion: blank (`""`) where the rule gives
/// nothing.
package struct PaperSplit: Sendable, Hashable {
    package var rationale: String
    package var label: String
    /// Whether the rule found the answer phrase it splits at.
    package var foundAnswerPhrase: Bool
    /// The rule read no label after the phrase; `label` is then the text it found there,
    /// for the reject, and is not taken even where it happens to be in the space.
    package var unread: Bool

    package init(rationale: String, label: String, foundAnswerPhrase: Bool, unread: Bool = false) {
        self.rationale = rationale
        self.label = label
        self.foundAnswerPhrase = foundAnswerPhrase
        self.unread = unread
    }

    static let blank = PaperSplit(rationale: "", label: "", foundAnswerPhrase: false)
}

/// How a task's completions are read: its labels, the strict rule (`parse.mode: paper`) and
/// the robust mode's lenient second pass. The paper's datasets have the paper code's rules,
/// reproduced exactly (``esnli``, ``anli``, ``cqa``, ``equation``; see each rule file); a
/// task described in a pipeline file has ``task(labels:answerPhrases:exemplarMarker:labelPattern:)``.
public struct AnswerRules: Sendable {
    public let labels: LabelSpec
    /// The strict rule; the space is the record's (its choices, for kind `choices`).
    let paper: @Sendable (UTF8Text, LabelSpace) -> PaperSplit
    let recovery: AnswerRecovery

    init(labels: LabelSpec, paper: @escaping @Sendable (UTF8Text, LabelSpace) -> PaperSplit, recovery: AnswerRecovery) {
        self.labels = labels
        self.paper = paper
        self.recovery = recovery
    }
}
