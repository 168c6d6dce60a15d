import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import Testing

@testable import StepwiseDatasets

/// How a task's record is made from a row: `dataset.fields` and `dataset.labels` decoded
/// from YAML, then applied to rows.
@Suite struct TaskRecordTests {
    static func task(_ yaml: String) throws -> TaskDataset {
        let options = try DatasetOptions.decode(yaml: yaml, file: "t.yaml", baseDirectory: URL(fileURLWithPath: "/srv"))
        return try #require(options.descriptor as? TaskDataset)
    }

    static func record(_ task: TaskDataset, _ row: JSONValue, split: String = "train") throws(LoaderError) -> SourceRecord {
        guard case .object(let pairs) = row else { fatalError("rows are objects") }
        return try TaskRecordBuilder(dataset: task.name, split: split, fields: task.fields, labels: task.labels)
            .record(pairs, name: SourceName(file: "/srv/q.jsonl"), line: 7, index: 6)
    }

    @Test("fields: names, dotted names into objects and lists, templates; values of any scalar type")
    func fields() throws {
        let task = try Self.task("""
            name: quiz
            source: q.jsonl
            fields:
              id: "{{meta.source}}-{{n}}"
              input: "{{question.stem}} ({{meta.tags.0}})"
              label: answerKey
              choices: question.choices
            labels: {kind: choices}
            """)
        #expect(task.splits == ["train"] && task.format == .jsonl)
        let row: JSONValue = [
            "n": 12, "meta": ["source": "web", "tags": ["easy", "x"]],
            "question": ["stem": "Pick one", "choices": [["label": "A", "text": "red"], ["label": "B", "text": "blue"]]],
            "answerKey": "B",
        ]
        let r = try Self.record(task, row)
        #expect(r.id == "web-12" && r.input == "Pick one (easy)" && r.label == "blue" && r.choices == ["red", "blue"])
        #expect(r.fields.map(\.0) == ["n", "meta", "question", "answerKey"])
        #expect(r.explanation == nil)
    }

    @Test("every problem names the file, line, record and field")
    func problems() throws {
        let task = try Self.task("""
            name: math
            source: m.jsonl
            fields:
              input: question
              label: {field: answer, pattern: '####\\s*(.+?)\\s*$'}
              explanation: {field: answer, pattern: '^(.*)\\n####'}
            labels: {kind: number}
            """)
        func message(_ row: JSONValue) -> (LoaderError.Kind, String)? {
            do {
                _ = try Self.record(task, row)
                return nil
            } catch {
                return (error.kind, error.description)
            }
        }
        let ok = try Self.record(task, ["question": "q", "answer": "Two and two.\nMore.\n#### 1,000"])
        #expect(ok.label == "1000" && ok.explanation == "Two and two.\nMore.")
        #expect(message(["question": "q", "answer": "no marker"])! == (.labelUnparsed, "/srv/q.jsonl:7: field 'answer': pattern '####\\s*(.+?)\\s*$' did not match (record #6)"))
        #expect(message(["answer": "#### 1"])?.1 == "/srv/q.jsonl:7: field 'question' is missing (dataset.fields.input); the record has: answer (record #6)")
        #expect(message(["question": ["a"], "answer": "#### 1"])?.0 == .invalidField)
        #expect(message(["question": "q", "answer": "#### ten"])! == (.labelUnparsed, "/srv/q.jsonl:7: field 'answer': label 'ten' is not a number (record #6)"))
        // Numbers and booleans are text as JSON writes them.
        #expect(try Self.record(task, ["question": 5, "answer": "x\n#### 2"]).input == "5")
        // A null explanation field is no explanation; the label is still needed.
        let noExplanation = try Self.task("""
            name: math
            source: m.jsonl
            fields: {input: question, label: answer, explanation: why}
            labels: {kind: number}
            """)
        #expect(try Self.record(noExplanation, ["question": "q", "answer": 3, "why": .null]).explanation == nil)
    }

    @Test("classes decode with synonyms; every kind's keys are checked")
    func labels() throws {
        let task = try Self.task("""
            name: sst
            source: sst.tsv
            fields: {input: sentence, label: label}
            labels: {kind: classes, classes: [negative, positive, {pos: positive, good: positive}]}
            """)
        #expect(task.format == .tsv)
        #expect(task.labels.classes == ["negative", "positive"])
        #expect(try Self.record(task, ["sentence": "s", "label": "1"]).label == "positive")
        #expect(try Self.record(task, ["sentence": "s", "label": "GOOD"]).label == "positive")
        func issues(_ yaml: String) -> [String] {
            do {
                _ = try DatasetOptions.decode(yaml: yaml, file: "t.yaml", baseDirectory: URL(fileURLWithPath: "/srv"))
                return []
            } catch { return error.issues.map(\.detail) }
        }
        #expect(issues("name: t\nsource: t.csv\nfields: {input: a, label: b}\nlabels: {kind: number, classes: [a]}\n")
            == ["dataset.labels.classes: only used with labels.kind: classes (this task's kind is number)"])
        #expect(issues("name: t\nsource: t.csv\nfields: {input: a, label: b}\nlabels: {kind: classes, classes: [a, A]}\n")
            == ["dataset.labels.classes[1]: \"A\" is listed twice (classes and synonyms are compared without case)"])
        #expect(issues("name: t\nsource: t.csv\nfields: {input: a, label: b, choices: c}\nlabels: {kind: text}\n")
            == ["dataset.fields.choices: only used with labels.kind: choices (this task's kind is text)"])
        #expect(issues("name: t\nsource: d\nfiles: {train: a.jsonl, dev: b.jsonl}\nsplits: [train]\nfields: {input: a, label: b}\nlabels: {kind: text}\n")
            == ["dataset.files: names split 'dev', which dataset.splits does not list (train)"])
        #expect(issues("name: t\nsource: d\nformat: csv\nfiles: {train: /etc/passwd}\nfields: {input: a, label: b}\nlabels: {kind: text}\n")
            == ["dataset.files.train: \"/etc/passwd\" must be relative to dataset.source, inside it"])
        #expect(issues("name: t\nsource: d.csv\nround: 2\nfields: {input: a, label: b}\nlabels: {kind: text}\n")
            == ["dataset.round: only used with dataset anli"])
    }

    @Test("the splits: from files, or train for one file; the format from the names")
    func splits() throws {
        let globbed = try Self.task("name: t\nsource: d\nfiles: {train: [a-*.jsonl.gz, b.jsonl], test: t.jsonl}\nfields: {input: a, label: b}\nlabels: {kind: text}\n")
        #expect(globbed.splits == ["train", "test"] && globbed.format == .jsonl && globbed.files["train"] == ["a-*.jsonl.gz", "b.jsonl"])
        let csv = try Self.task("name: t\nsource: d/all.csv.zst\nfields: {input: a, label: b}\nlabels: {kind: text}\n")
        #expect(csv.splits == ["train"] && csv.format == .csv)
    }
}
