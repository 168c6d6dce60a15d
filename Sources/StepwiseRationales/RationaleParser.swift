import StepwiseCore

/// What the parser made of one completion.
public struct ParseOutcome: Sendable, Hashable {
    public var rationale: String
    /// The label, in the label space when ``reason`` is `nil`; blank (`""`) where the
    /// rule found none.
    public var label: String
    /// Why the record is filtered (`empty_completion`, `no_answer_phrase`,
    /// `label_outside_space`, `empty_rationale`), `nil` when it is kept.
    public var reason: FilterReason?
    /// The robust mode found a label where the paper's rule found none in the space.
    public var recovered: Bool

    public init(rationale: String, label: String, reason: FilterReason?, recovered: Bool = false) {
        self.rationale = rationale
        self.label = label
        self.reason = reason
        self.recovered = recovered
    }
}

/// Splits a teacher completion into rationale and label for one dataset.
///
/// `paper` mode applies the paper's rule (`ESNLIRules`, `ANLIRules`, `CQARules`,
/// `EquationRules`) and nothing else. `robust` mode returns the paper's result unchanged
/// whenever its label is in the record's ``LabelSpace`` — so the two modes agree there by
/// construction — and otherwise runs a lenient second pass (`AnswerRecovery`).
///
/// The outcome's reason is, in order: `empty_completion` (nothing but whitespace, checked
/// before either pass), `no_answer_phrase` (no phrase found by either
/// pass), `label_outside_space` (a phrase, but no label in the space), `empty_rationale`.
public struct RationaleParser: Sendable {
    public let rules: AnswerRules
    public let mode: ParseMode

    public init(rules: AnswerRules, mode: ParseMode) {
        self.rules = rules
        self.mode = mode
    }

    /// Parses `completion`; `choices` are the record's answer choices (kind `choices` only).
    public func parse(_ completion: String, choices: [String]? = nil) -> ParseOutcome {
        let text = UTF8Text(completion)
        if text.strip(text.all).isEmpty { return ParseOutcome(rationale: "", label: "", reason: .emptyCompletion) }
        let space = LabelSpace(rules.labels, choices: choices)
        let paper = rules.paper(text, space)
        if !paper.unread, space.contains(paper.label) {
            return Self.checked(rationale: paper.rationale, label: paper.label, recovered: false)
        }
        var foundPhrase = paper.foundAnswerPhrase
        if mode == .robust {
            switch rules.recovery.recover(text, space: space) {
            case .recovered(let rationale, let label):
                return Self.checked(rationale: rationale, label: label, recovered: true)
            case .noLabel:
                foundPhrase = true
            case .noPhrase:
                break
            }
        }
        return ParseOutcome(
            rationale: paper.rationale, label: paper.label,
            reason: foundPhrase ? .labelOutsideSpace : .noAnswerPhrase)
    }

    private static func checked(rationale: String, label: String, recovered: Bool) -> ParseOutcome {
        let blank = rationale.unicodeScalars.allSatisfy { UTF8Text.isPythonSpace($0.value) }
        return ParseOutcome(
            rationale: rationale, label: label, reason: blank ? .emptyRationale : nil, recovered: recovered)
    }
}
