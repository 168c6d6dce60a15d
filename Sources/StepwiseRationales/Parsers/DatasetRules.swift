import StepwiseCore

/// What a dataset's paper rule made of a completion: blank (`""`) where the rule gives
/// nothing.
package struct PaperSplit: Sendable, Hashable {
    package var rationale: String
    package var label: String
    /// Whether the rule found the answer phrase it splits at.
    package var foundAnswerPhrase: Bool

    package init(rationale: String, label: String, foundAnswerPhrase: Bool) {
        self.rationale = rationale
        self.label = label
        self.foundAnswerPhrase = foundAnswerPhrase
    }

    static let blank = PaperSplit(rationale: "", label: "", foundAnswerPhrase: false)
}

/// How a task's completions are read: its labels, the paper code's rule for the dataset,
/// reproduced exactly (see each dataset's rule file), and the robust mode's lenient
/// second pass. The five paper datasets have one each (``esnli``, ``anli``, ``cqa``,
/// ``equation``); a dataset descriptor names its own.
public struct AnswerRules: Sendable {
    public let labels: LabelSpec
    let paper: @Sendable (UTF8Text) -> PaperSplit
    let recovery: AnswerRecovery

    init(labels: LabelSpec, paper: @escaping @Sendable (UTF8Text) -> PaperSplit, recovery: AnswerRecovery) {
        self.labels = labels
        self.paper = paper
        self.recovery = recovery
    }
}
