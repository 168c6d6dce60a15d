import StepwiseCore

/// The labels a teacher may give for one record, and how a label is compared with gold.
///
/// - NLI (e-SNLI, ANLI): the three words `entailment`, `neutral`, `contradiction`.
/// - CQA: the five answer choice texts *of that record*.
/// - SVAMP / ASDiv: any arithmetic expression of ``ArithmeticExpression``'s grammar,
///   compared with the gold label by value.
public enum LabelSpace: Sendable, Hashable {
    case nli
    case choices([String])
    case equation

    /// The label space of a record of `dataset`; `choices` is used by CQA only.
    public init(dataset: DatasetName, choices: [String]?) {
        switch dataset.labelKind {
        case .nli: self = .nli
        case .choice: self = .choices(choices ?? [])
        case .equation: self = .equation
        }
    }

    /// Whether `label`, exactly as written, is in the space (the `paper` mode's test).
    public func contains(_ label: String) -> Bool {
        switch self {
        case .nli: return nliLabelWords.contains(label)
        case .choices(let choices): return choices.contains(label)
        case .equation: return ArithmeticExpression.isExpression(label)
        }
    }

    /// Whether a teacher label equals the gold label: by value for equations (an
    /// expression that divides by zero equals nothing), exact text otherwise.
    /// `nil` when the teacher label is outside the space.
    public func teacherCorrect(teacherLabel: String, gold: String) -> Bool? {
        guard contains(teacherLabel) else { return nil }
        switch self {
        case .nli, .choices:
            return teacherLabel == gold
        case .equation:
            guard let t = ArithmeticExpression.value(of: teacherLabel),
                let g = ArithmeticExpression.value(of: gold)
            else { return false }
            return t.isEqual(to: g)
        }
    }
}
