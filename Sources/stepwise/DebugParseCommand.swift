import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseDatasets
import StepwiseRationales

/// `stepwise debug-parse` (hidden): runs the rationale parser over JSON lines on stdin,
/// for the comparison script `scripts/rationales/compare_paper_rules.py`.
///
/// Input, one object per line: `{"completion": str, "label": gold str (optional),
/// "choices": [5 str] (CQA only)}`. Output, one line per input in the same order:
/// `{"rationale", "teacher_label", "status", "reason", "correct", "recovered"}` —
/// `correct` is `null` without a gold label or when the label is outside the space.
/// The `rationale_too_long` filter needs the tokenizer and is not applied here.
struct DebugParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug-parse",
        abstract: "Parse teacher completions given as JSON lines on stdin (developer tool).",
        shouldDisplay: false)

    @Option(help: "esnli, anli, cqa, svamp or asdiv.")
    var dataset: String

    @Option(help: "paper or robust.")
    var mode: ParseMode = .robust

    func validate() throws {
        guard DatasetKinds.builtin(named: dataset) != nil else {
            throw ValidationError("unknown dataset '\(dataset)'; expected one of \(DatasetKinds.builtinNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        guard let kind = DatasetKinds.builtin(named: dataset) else { return }
        let parser = RationaleParser(rules: kind.answerRules, mode: mode)
        var lineNumber = 0
        var out = ""
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.isEmpty { continue }
            let input = try DebugParseInput(line: line, number: lineNumber)
            let outcome = parser.parse(input.completion, choices: input.choices)
            let space = LabelSpace(kind.answerRules.labels, choices: input.choices)
            let correct = input.label.flatMap { space.teacherCorrect(teacherLabel: outcome.label, gold: $0) }
            let fields: [(String, JSONValue)] = [
                ("rationale", .string(outcome.rationale)),
                ("teacher_label", .string(outcome.label)),
                ("status", .string(outcome.reason == nil ? ParseStatus.kept.rawValue : ParseStatus.filtered.rawValue)),
                ("reason", .optional(outcome.reason?.rawValue)),
                ("correct", correct.map(JSONValue.bool) ?? .null),
                ("recovered", .bool(outcome.recovered)),
            ]
            JSONValue.object(fields).write(to: &out)
            out += "\n"
            if out.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(out.utf8))
                out = ""
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

/// One input line of `debug-parse`.
struct DebugParseInput {
    var completion: String
    var label: String?
    var choices: [String]?

    init(line: String, number: Int) throws {
        let object: JSONValue
        do {
            object = try JSONValue(parsing: line)
        } catch {
            throw DebugParseInputError(line: number, message: "not JSON: \(error)")
        }
        guard case .object = object else {
            throw DebugParseInputError(line: number, message: "expected a JSON object")
        }
        guard let completion = object["completion"]?.stringValue else {
            throw DebugParseInputError(line: number, message: "missing string field 'completion'")
        }
        self.completion = completion
        self.label = object["label"]?.stringValue
        if let choices = object["choices"] {
            guard let list = choices.arrayValue?.compactMap(\.stringValue), list.count == choices.arrayValue?.count else {
                throw DebugParseInputError(line: number, message: "'choices' must be a list of strings")
            }
            self.choices = list
        }
    }
}

/// A bad line on `debug-parse`'s stdin.
struct DebugParseInputError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "stdin line \(line): \(message)" }
}
