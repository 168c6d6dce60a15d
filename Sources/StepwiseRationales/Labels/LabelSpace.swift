import StepwiseCore

/// What kind of label a task has (`dataset.labels.kind`), which decides how a label is read
/// from the data and from a completion, and how two labels are compared.
public enum LabelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// One of a fixed list of classes (NLI's `entailment` / `neutral` / `contradiction`,
    /// a sentiment task's `positive` / `negative`); read case-insensitively, with synonyms.
    case classes
    /// One of the record's own answer choices (CommonsenseQA); the choice text or its letter.
    case choices
    /// A number, compared by value (`1,000` = `1000` = `1000.0`; see ``NumberLabel``).
    case number
    /// An arithmetic expression, compared by value (SVAMP, ASDiv).
    case equation
    /// Free text, kept as written, compared after ``QANormalization``.
    case text
}

/// A task's labels: the kind, and for `classes` the class names and their synonyms.
public struct LabelSpec: Sendable, Hashable {
    public var kind: LabelKind
    /// The class names, for kind `classes`, in the order the pipeline lists them.
    public var classes: [String]
    /// Other spellings of a class (`pos` → `positive`), for kind `classes`.
    public var synonyms: [Synonym]

    public struct Synonym: Sendable, Hashable {
        public var text: String
        public var className: String
        public init(_ text: String, means className: String) {
            self.text = text
            self.className = className
        }
    }

    public init(kind: LabelKind, classes: [String] = [], synonyms: [Synonym] = []) {
        self.kind = kind
        self.classes = classes
        self.synonyms = synonyms
    }

    /// NLI's three classes, in the order of the integer labels 0, 1, 2.
    public static let nli = LabelSpec(kind: .classes, classes: nliLabelWords)

    /// The class a text names: a class or a synonym, compared case-insensitively after
    /// trimming whitespace; `nil` when it names none.
    public func className(for text: String) -> String? {
        let wanted = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let exact = classes.first(where: { $0 == wanted }) { return exact }
        let lower = wanted.lowercased()
        if let named = classes.first(where: { $0.lowercased() == lower }) { return named }
        return synonyms.first(where: { $0.text.lowercased() == lower })?.className
    }

    /// The spec as JSON (run.json's task, the fingerprint).
    public var canonical: JSONValue {
        var pairs: [(String, JSONValue)] = [("kind", .string(kind.rawValue))]
        if kind == .classes {
            pairs.append(("classes", .array(classes.map(JSONValue.string))))
            pairs.append(("synonyms", .object(synonyms.map { ($0.text, .string($0.className)) })))
        }
        return .object(pairs)
    }
}

/// The labels a teacher may give for one record, and how a label is compared with gold.
///
/// - `classes`: the class names (synonyms are mapped to them before a label gets here).
/// - `choices`: the answer choice texts *of that record*.
/// - `number`: any ``NumberLabel``, compared by value.
/// - `equation`: any arithmetic expression of ``ArithmeticExpression``'s grammar,
///   compared with the gold label by value.
/// - `text`: any text that is not blank, compared after ``QANormalization``.
public enum LabelSpace: Sendable, Hashable {
    case classes([String])
    case choices([String])
    case number
    case equation
    case text

    /// The label space of a record with these `choices` (used by kind `choices` only).
    public init(_ spec: LabelSpec, choices: [String]?) {
        switch spec.kind {
        case .classes: self = .classes(spec.classes)
        case .choices: self = .choices(choices ?? [])
        case .number: self = .number
        case .equation: self = .equation
        case .text: self = .text
        }
    }

    /// Whether `label`, exactly as written, is in the space (the `paper` mode's test).
    public func contains(_ label: String) -> Bool {
        switch self {
        case .classes(let names): return names.contains(label)
        case .choices(let choices): return choices.contains(label)
        case .number: return NumberLabel(label) != nil
        case .equation: return ArithmeticExpression.isExpression(label)
        case .text: return !QANormalization.normalise(label).isEmpty
        }
    }

    /// Whether two labels in the space are the same answer: by value for numbers and
    /// equations (an expression that divides by zero equals nothing), after
    /// ``QANormalization`` for text, exact text otherwise.
    public func same(_ a: String, _ b: String) -> Bool {
        switch self {
        case .classes, .choices:
            return a == b
        case .number:
            guard let x = NumberLabel(a), let y = NumberLabel(b) else { return false }
            return x.isEqual(to: y)
        case .equation:
            guard let x = ArithmeticExpression.value(of: a), let y = ArithmeticExpression.value(of: b) else { return false }
            return x.isEqual(to: y)
        case .text:
            return QANormalization.normalise(a) == QANormalization.normalise(b)
        }
    }

    /// Whether a teacher label equals the gold label (see ``same(_:_:)``); `nil` when the
    /// teacher label is outside the space.
    public func teacherCorrect(teacherLabel: String, gold: String) -> Bool? {
        guard contains(teacherLabel) else { return nil }
        return same(teacherLabel, gold)
    }
}
