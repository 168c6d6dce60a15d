import StepwiseCore

/// What kind of label a task has, which decides how a label is read from a completion and
/// compared with gold.
public enum LabelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// One of a fixed list of classes (NLI's `entailment` / `neutral` / `contradiction`).
    case classes
    /// One of the record's own answer choices (CommonsenseQA).
    case choices
    /// An arithmetic expression, compared by value (SVAMP, ASDiv).
    case equation
}

/// A task's labels: the kind, and for `classes` the class names.
public struct LabelSpec: Sendable, Hashable {
    public var kind: LabelKind
    /// The class names, for kind `classes`.
    public var classes: [String]

    public init(kind: LabelKind, classes: [String] = []) {
        self.kind = kind
        self.classes = classes
    }

    /// NLI's three classes, in the order of the integer labels 0, 1, 2.
    public static let nli = LabelSpec(kind: .classes, classes: nliLabelWords)
}

/// The labels a teacher may give for one record, and how a label is compared with gold.
///
/// - `classes`: the class names (NLI: `entailment`, `neutral`, `contradiction`).
/// - `choices`: the answer choice texts *of that record*.
/// - `equation`: any arithmetic expression of ``ArithmeticExpression``'s grammar,
///   compared with the gold label by value.
public enum LabelSpace: Sendable, Hashable {
    case classes([String])
    case choices([String])
    case equation

    /// The label space of a record with these `choices` (used by kind `choices` only).
    public init(_ spec: LabelSpec, choices: [String]?) {
        switch spec.kind {
        case .classes: self = .classes(spec.classes)
        case .choices: self = .choices(choices ?? [])
        case .equation: self = .equation
        }
    }

    /// Whether `label`, exactly as written, is in the space (the `paper` mode's test).
    public func contains(_ label: String) -> Bool {
        switch self {
        case .classes(let names): return names.contains(label)
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
        case .classes, .choices:
            return teacherLabel == gold
        case .equation:
            guard let t = ArithmeticExpression.value(of: teacherLabel),
                let g = ArithmeticExpression.value(of: gold)
            else { return false }
            return t.isEqual(to: g)
        }
    }
}
