import Foundation
import StepwiseCore
import Yams

/// Reads an exemplar file (`Pipelines/prompts/<dataset>.yaml`):
///
/// ```yaml
/// dataset: anli
/// instruction: ""                      # optional
/// question: "Premise: {{premise}}\nHypothesis: {{hypothesis}}"
/// answer_prefix: "Answer:"
/// answer: "{{rationale}} So the answer is {{label}}."
/// exemplars:
///   - premise: …
///     hypothesis: …
///     rationale: …
///     label: contradiction
/// ```
///
/// Templates are Mustache (`{{premise}}`). Exemplars give what the question template uses
/// (any keys) plus `rationale` and `label`. Every problem is reported with the file and line.
public enum ExemplarFile {
    /// Loads and checks the file at `url`.
    public static func load(_ url: URL) throws(ExemplarFileError) -> ExemplarSet {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ExemplarFileError(file: url.path, line: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: url.path)
    }

    /// Parses exemplar YAML; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws(ExemplarFileError) -> ExemplarSet {
        func fail(_ node: Node?, _ message: String) -> ExemplarFileError {
            ExemplarFileError(file: file, line: node?.mark.map { $0.line }, message: message)
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw fail(nil, "the file is empty") }
            root = node
        } catch let error as ExemplarFileError {
            throw error
        } catch let error as YamlError {
            throw ExemplarFileError(file: file, line: nil, message: "not valid YAML: \(error)")
        } catch {
            throw ExemplarFileError(file: file, line: nil, message: "not valid YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw fail(root, "expected a mapping with 'dataset', 'question', 'answer_prefix', 'answer' and 'exemplars'") }

        let known: Set<String> = ["dataset", "instruction", "question", "answer_prefix", "answer", "exemplars"]
        for (key, _) in mapping {
            guard let name = key.string, known.contains(name) else {
                throw fail(key, "unknown key '\(key.string ?? "?")'; expected one of \(known.sorted().joined(separator: ", "))")
            }
        }
        func string(_ key: String, required: Bool) throws(ExemplarFileError) -> String? {
            guard let node = mapping[key] else {
                if required { throw fail(root, "missing '\(key)'") }
                return nil
            }
            guard case .scalar(let scalar) = node else { throw fail(node, "'\(key)' must be a string") }
            return scalar.string
        }
        func template(_ key: String) throws(ExemplarFileError) -> TextTemplate {
            let source = try string(key, required: true) ?? ""
            let old = TextTemplate.singleBraceNames(in: source)
            if let first = old.first {
                throw fail(mapping[key], "'\(key)' writes '{\(first)}'; placeholders are Mustache: write '{{\(first)}}'")
            }
            do { return try TextTemplate(source) } catch { throw fail(mapping[key], "'\(key)': \(error.message)") }
        }

        let dataset = try string("dataset", required: true) ?? ""
        guard !dataset.isEmpty else { throw fail(mapping["dataset"], "'dataset' must name the dataset the exemplars are for") }
        let instruction = try string("instruction", required: false) ?? ""
        let question = try template("question")
        let answerPrefix = try string("answer_prefix", required: true) ?? ""
        let answer = try template("answer")
        guard answer.fields.contains("label") else { throw fail(mapping["answer"], "'answer' must contain '{{label}}'") }
        if let other = answer.fields.first(where: { $0 != "rationale" && $0 != "label" }) {
            throw fail(mapping["answer"], "'answer' uses '{{\(other)}}'; it may use {{rationale}} and {{label}}")
        }

        guard let list = mapping["exemplars"] else { throw fail(root, "missing 'exemplars'") }
        guard let items = list.sequence, !items.isEmpty else { throw fail(list, "'exemplars' must be a non-empty list") }
        let needed = question.fields
        var exemplars: [Exemplar] = []
        for (n, item) in items.enumerated() {
            guard let fields = item.mapping else { throw fail(item, "exemplar \(n + 1) must be a mapping") }
            var values: [(String, JSONValue)] = []
            var rationale: String?
            var label: String?
            for (key, value) in fields {
                guard let name = key.string else { throw fail(key, "exemplar \(n + 1): keys must be strings") }
                if name == "rationale" || name == "label" {
                    guard case .scalar(let scalar) = value else { throw fail(value, "exemplar \(n + 1): '\(name)' must be a string") }
                    if name == "rationale" { rationale = scalar.string } else { label = scalar.string }
                    continue
                }
                values.append((name, jsonValue(value)))
            }
            let given = Set(values.map(\.0))
            for name in needed where !given.contains(name) {
                throw fail(item, "exemplar \(n + 1): the question uses '{{\(name)}}', which it does not give")
            }
            for (name, value) in [("rationale", rationale), ("label", label)] where (value ?? "").isEmpty {
                throw fail(item, "exemplar \(n + 1): missing '\(name)'")
            }
            exemplars.append(Exemplar(values: .object(values), rationale: rationale ?? "", label: label ?? ""))
        }
        return ExemplarSet(
            dataset: dataset, instruction: instruction, question: question, answerPrefix: answerPrefix,
            answer: answer, exemplars: exemplars)
    }

    /// A YAML value as JSON: scalars as strings, sequences as arrays, mappings as objects.
    static func jsonValue(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar): return .string(scalar.string)
        case .sequence(let items): return .array(items.map(jsonValue))
        case .mapping(let pairs): return .object(pairs.map { ($0.key.string ?? "", jsonValue($0.value)) })
        case .alias: return .null
        }
    }
}

/// A problem in an exemplar file, with the file and (where known) the 1-based line.
public struct ExemplarFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
