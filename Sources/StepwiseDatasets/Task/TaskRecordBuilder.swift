import StepwiseCore
import StepwiseLoaders
import StepwisePrompting
import StepwiseRationales

/// Makes a task's ``SourceRecord`` from one row of its files, by `dataset.fields` and
/// `dataset.labels`. Every problem names the file, line and field: a field a rule reads
/// that the row lacks (`missing_field`), a value of the wrong shape (`invalid_field`), a
/// pattern that does not match or a label that is not of the task's kind
/// (`label_unparsed`). Never an empty label.
struct TaskRecordBuilder: Sendable {
    let dataset: String
    let split: String
    let fields: TaskFields
    let labels: LabelSpec

    func record(_ pairs: [(String, JSONValue)], name: SourceName, line: Int?, index: Int) throws(LoaderError) -> SourceRecord {
        let row = JSONValue.object(pairs)
        var id: String?
        func fail(_ kind: LoaderError.Kind, _ message: String) -> LoaderError {
            name.error(kind, line: line, index: index, id: id, message)
        }
        if let rule = fields.id {
            let value = try text(rule, row, key: "id", fail: fail)
            guard !value.isEmpty else { throw fail(.invalidField, "\(rule.described) (dataset.fields.id) is empty") }
            id = value
        }
        var choices: [String]?
        if let choicesField = fields.choices { choices = try choiceList(choicesField, row, fail: fail) }
        // The input template also sees the choices laid out (`{{answer_choices}}`).
        // As the prompt's templates see it (``PromptVariables``): `choices` the texts.
        var variables = row
        if let choices {
            var p = pairs.filter { $0.0 != "choices" && $0.0 != "answer_choices" }
            p.append(("choices", .array(choices.map(JSONValue.string))))
            p.append(("answer_choices", .string(PromptVariables.answerChoices(choices))))
            variables = .object(p)
        }
        let input = try text(fields.input, variables, key: "input", fail: fail)
        let rawLabel = try text(fields.label, row, key: "label", fail: fail)
        let label: String
        do throws(LabelError) {
            label = try labels.goldLabel(rawLabel, choices: choices)
        } catch {
            throw fail(.labelUnparsed, "\(fields.label.described): \(error.message)")
        }
        var explanation: String?
        if let rule = fields.explanation, rule.recordFields.allSatisfy({ row[$0].map { !$0.isNull } ?? false }) {
            explanation = try text(rule, row, key: "explanation", fail: fail)
        }
        return SourceRecord(
            id: id ?? positionalID(dataset, split, index), dataset: dataset, split: split, index: index, fields: pairs,
            input: input, label: label, explanation: explanation, choices: choices)
    }

    /// The text a rule gives for the row: the field's value or the rendered template, then
    /// the pattern's extract.
    private func text(
        _ rule: TaskField, _ row: JSONValue, key: String, fail: (LoaderError.Kind, String) -> LoaderError
    ) throws(LoaderError) -> String {
        let value: String
        switch rule.source {
        case .field(let path):
            guard let found = Self.lookup(path, in: row), !found.isNull else {
                throw fail(.missingField, "field '\(path)' is missing (dataset.fields.\(key))\(Self.has(row))")
            }
            guard let s = Self.scalarText(found) else {
                throw fail(.invalidField, "field '\(path)' (dataset.fields.\(key)) is \(found.kindName), not text")
            }
            value = s
        case .template(let template):
            for name in template.fields where row[name] == nil {
                throw fail(.missingField, "field '\(name)' is missing (dataset.fields.\(key) is '\(template.source)')\(Self.has(row))")
            }
            value = template.render(row)
        }
        guard let pattern = rule.pattern else { return value }
        guard let extracted = pattern.extract(from: value) else {
            let kind: LoaderError.Kind = key == "label" ? .labelUnparsed : .invalidField
            throw fail(kind, "\(rule.described): pattern '\(pattern.source)' did not match")
        }
        return extracted
    }

    private func choiceList(
        _ path: String, _ row: JSONValue, fail: (LoaderError.Kind, String) -> LoaderError
    ) throws(LoaderError) -> [String] {
        guard let found = Self.lookup(path, in: row), !found.isNull else {
            throw fail(.missingField, "field '\(path)' is missing (dataset.fields.choices)\(Self.has(row))")
        }
        guard case .array(let items) = found, !items.isEmpty else {
            throw fail(.invalidField, "field '\(path)' (dataset.fields.choices) must be a non-empty list, got \(found.kindName)")
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if let s = Self.scalarText(item) {
                out.append(s)
            } else if let s = item["text"].flatMap(Self.scalarText) {
                out.append(s)
            } else {
                throw fail(.invalidField, "field '\(path)' item \(i + 1) is \(item.kindName); expected text or an object with 'text'")
            }
        }
        return out
    }

    /// The value at a dotted path: object keys, and list positions for numeric parts.
    static func lookup(_ path: String, in value: JSONValue) -> JSONValue? {
        if let direct = value[path] { return direct }
        var current = value
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            if case .array(let items) = current, let i = Int(part) {
                guard items.indices.contains(i) else { return nil }
                current = items[i]
            } else if let next = current[String(part)] {
                current = next
            } else {
                return nil
            }
        }
        return current
    }

    /// Strings as they are; numbers and booleans as JSON writes them; `nil` for lists and
    /// objects.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .int, .double, .bool: return value.jsonText()
        case .null, .array, .object: return nil
        }
    }

    /// `; the record has: a, b, c`.
    private static func has(_ row: JSONValue) -> String {
        guard case .object(let pairs) = row else { return "" }
        let names = pairs.map(\.0)
        let shown = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
        return "; the record has: \(shown)"
    }
}

/// Reads one split of a task: rows from ``TaskRowSource``, records from ``TaskRecordBuilder``.
final class TaskSplitReader: SplitReader {
    private let rows: TaskRowSource
    private let builder: TaskRecordBuilder
    private var index = 0

    init(rows: TaskRowSource, builder: TaskRecordBuilder) {
        self.rows = rows
        self.builder = builder
    }

    var progress: ReadProgress? { rows.progress }

    func next() throws -> LoadedItem? {
        guard let row = try rows.next() else { return nil }
        let index = self.index
        self.index += 1
        switch row.value {
        case .failure(var error):
            error.recordIndex = index
            return .bad(error)
        case .success(let pairs):
            do throws(LoaderError) {
                return .record(try builder.record(pairs, name: row.name, line: row.line, index: index))
            } catch {
                return .bad(error)
            }
        }
    }
}
