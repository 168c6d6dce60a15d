import StepwiseCore

/// What a dataset's paper rule made of a completion: blank (`""`) where the rule gives
/// nothing.
struct PaperSplit: Sendable, Hashable {
    var rationale: String
    var label: String
    /// Whether the rule found the answer phrase it splits at.
    var foundAnswerPhrase: Bool

    static let blank = PaperSplit(rationale: "", label: "", foundAnswerPhrase: false)
}

/// One dataset's parse rules: the paper's rule and the robust mode's second pass.
protocol DatasetRules: Sendable {
    /// The paper code's rule, reproduced exactly (see each conforming type).
    func paper(_ text: UTF8Text) -> PaperSplit
    /// The robust mode's lenient pass, used where the paper's label is not in the space.
    var recovery: AnswerRecovery { get }
}

/// The rules for a dataset.
func rules(for dataset: DatasetName) -> any DatasetRules {
    switch dataset {
    case .esnli: return ESNLIRules()
    case .anli: return ANLIRules()
    case .cqa: return CQARules()
    case .svamp, .asdiv: return EquationRules()
    }
}
