import StepwiseConfig
import StepwiseCore
import StepwiseRationales
import Yams

/// `dataset.fields`: how a task's record is made from a row of its files.
public struct TaskFields: Sendable, Hashable {
    /// `fields.id` (default: `<name>-<split>-<index>`).
    public var id: TaskField?
    /// `fields.input`: the student input.
    public var input: TaskField
    /// `fields.label`: the gold label, read in the task's label kind.
    public var label: TaskField
    /// `fields.explanation`: a human explanation (the human teacher's rationale).
    public var explanation: TaskField?
    /// `fields.choices`: the field holding the record's answer choices (kind `choices`).
    public var choices: String?

    public static let keys = ["id", "input", "label", "explanation", "choices"]

    public init(id: TaskField? = nil, input: TaskField, label: TaskField, explanation: TaskField? = nil, choices: String? = nil) {
        self.id = id
        self.input = input
        self.label = label
        self.explanation = explanation
        self.choices = choices
    }

    static func decode(_ s: ConfigSection) -> TaskFields? {
        func field(_ key: String) -> TaskField?? {
            guard let node = s.node(key) else { return .some(nil) }
            guard let decoded = TaskField.decode(node, path: s.keyPath(key), reader: s.reader) else { return nil }
            return .some(decoded)
        }
        if !s.has("input") { s.missing("input", expected: "the field or template of the student input ({{question}})") }
        if !s.has("label") { s.missing("label", expected: "the field holding the gold label, or {field, pattern}") }
        let id = field("id")
        let input = field("input")
        let label = field("label")
        let explanation = field("explanation")
        var choices: String??  = .some(nil)
        if let node = s.node("choices") {
            if let decoded = TaskField.decode(node, path: s.keyPath("choices"), reader: s.reader, allowTemplate: false, allowPattern: false),
                case .field(let name) = decoded.source
            {
                choices = .some(name)
            } else {
                choices = nil
            }
        }
        guard let id, let input, let label, let explanation, let choices, let input, let label else { return nil }
        return TaskFields(id: id, input: input, label: label, explanation: explanation, choices: choices)
    }

    public var canonical: JSONValue {
        .object([
            ("id", id?.canonical ?? .null), ("input", input.canonical), ("label", label.canonical),
            ("explanation", explanation?.canonical ?? .null), ("choices", choices.map(JSONValue.string) ?? .null),
        ])
    }
}

/// `dataset.labels`: the task's label kind and, for `classes`, its classes.
enum TaskLabels {
    static let keys = ["kind", "classes"]

    static func decode(_ s: ConfigSection) -> LabelSpec? {
        let kinds = LabelKind.allCases.map(\.rawValue).joined(separator: ", ")
        let kind = s.choice("kind", LabelKind.self)
        if !s.has("kind") { s.missing("kind", expected: "one of \(kinds)") }
        guard let kind else { return nil }
        guard kind == .classes else {
            s.reject("classes", "only used with labels.kind: classes (this task's kind is \(kind.rawValue))")
            return s.has("classes") ? nil : LabelSpec(kind: kind)
        }
        guard s.has("classes") else {
            s.missing("classes", expected: "the list of class names ([positive, negative]; {synonym: class} items add other spellings)", condition: "with labels.kind: classes")
            return nil
        }
        var classes: [String] = []
        var synonyms: [LabelSpec.Synonym] = []
        var seen: Set<String> = []
        var ok = true
        func claim(_ text: String, path: String, node: Yams.Node) -> Bool {
            guard seen.insert(text.lowercased()).inserted else {
                s.reader.report(path, "\(ConfigReader.quote(text)) is listed twice (classes and synonyms are compared without case)", at: node.mark)
                ok = false
                return false
            }
            return true
        }
        let items = s.list("classes", expected: "a list of class names and {synonym: class} mappings", minCount: 1) { node, path -> Bool? in
            if let name = ConfigReader.stringValue(node), !name.trimmingCharacters(in: .whitespaces).isEmpty {
                if claim(name, path: path, node: node) { classes.append(name) }
                return true
            }
            guard case .mapping(let mapping) = node, mapping.count > 0 else {
                s.reader.report(path, "expected a class name or a {synonym: class} mapping, got \(ConfigReader.describe(node))", at: node.mark)
                return nil
            }
            for (key, value) in mapping {
                guard let synonym = ConfigReader.stringValue(key), !synonym.isEmpty, let name = ConfigReader.stringValue(value), !name.isEmpty else {
                    s.reader.report(path, "expected {synonym: class} with two strings", at: key.mark)
                    return nil
                }
                if !classes.contains(name) {
                    if claim(name, path: path, node: value) { classes.append(name) }
                }
                if claim(synonym, path: path, node: key) { synonyms.append(LabelSpec.Synonym(synonym, means: name)) }
            }
            return true
        }
        guard items != nil, ok else { return nil }
        return LabelSpec(kind: .classes, classes: classes, synonyms: synonyms)
    }
}
