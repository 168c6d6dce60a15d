import Foundation
import StepwiseCore
import Yams

/// Reads an exemplar file (`Pipelines/prompts/<dataset>.yaml`):
///
/// ```yaml
/// dataset: anli
/// instruction: ""                      # optional
/// question: "Premise: {premise}\nHypothesis: {hypothesis}"
/// answer_prefix: "Answer:"
/// answer: "{rationale} So the answer is {label}."
/// exemplars:
///   - premise: …
///     hypothesis: …
///     rationale: …
///     label: contradiction
/// ```
///
/// Exemplars give `input` (or `premise` and `hypothesis` for NLI) — whatever the
/// question template uses — plus `rationale` and `label`. Every problem is reported with
/// the file and line.
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
        func template(_ key: String, allowed: Set<String>) throws(ExemplarFileError) -> PromptTemplate {
            let source = try string(key, required: true) ?? ""
            let t: PromptTemplate
            do { t = try PromptTemplate(source) } catch { throw fail(mapping[key], "'\(key)': \(error.message)") }
            for v in t.variables where !allowed.contains(v) {
                throw fail(mapping[key], "'\(key)' uses '{\(v)}'; it may use \(allowed.sorted().map { "{\($0)}" }.joined(separator: ", "))")
            }
            return t
        }

        let dataset = try string("dataset", required: true) ?? ""
        guard !dataset.isEmpty else { throw fail(mapping["dataset"], "'dataset' must name the dataset the exemplars are for") }
        let instruction = try string("instruction", required: false) ?? ""
        let question = try template("question", allowed: QuestionVariables.names)
        let answerPrefix = try string("answer_prefix", required: true) ?? ""
        let answer = try template("answer", allowed: ["rationale", "label"])
        guard answer.variables.contains("label") else { throw fail(mapping["answer"], "'answer' must contain '{label}'") }

        guard let list = mapping["exemplars"] else { throw fail(root, "missing 'exemplars'") }
        guard let items = list.sequence, !items.isEmpty else { throw fail(list, "'exemplars' must be a non-empty list") }
        let needed = Set(question.variables)
        var exemplars: [Exemplar] = []
        for (n, item) in items.enumerated() {
            guard let fields = item.mapping else { throw fail(item, "exemplar \(n + 1) must be a mapping") }
            var values: [String: String] = [:]
            for (key, value) in fields {
                guard let name = key.string else { throw fail(key, "exemplar \(n + 1): keys must be strings") }
                guard name == "rationale" || name == "label" || QuestionVariables.names.contains(name) else {
                    throw fail(key, "exemplar \(n + 1): unknown key '\(name)'; expected \((needed.sorted() + ["rationale", "label"]).joined(separator: ", "))")
                }
                guard case .scalar(let scalar) = value else { throw fail(value, "exemplar \(n + 1): '\(name)' must be a string") }
                values[name] = scalar.string
            }
            for name in needed.sorted() + ["rationale", "label"] where (values[name] ?? "").isEmpty {
                throw fail(item, "exemplar \(n + 1): missing '\(name)'")
            }
            exemplars.append(
                Exemplar(
                    variables: QuestionVariables(
                        input: values["input"] ?? "", premise: values["premise"] ?? "",
                        hypothesis: values["hypothesis"] ?? ""),
                    rationale: values["rationale"] ?? "", label: values["label"] ?? ""))
        }
        return ExemplarSet(
            dataset: dataset, instruction: instruction, question: question, answerPrefix: answerPrefix,
            answer: answer, exemplars: exemplars)
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
