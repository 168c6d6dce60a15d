import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseTeacher

struct ReplayTeacherTests {
    func write(_ strings: [String], _ url: URL) throws {
        try JSONSerialization.data(withJSONObject: strings).write(to: url)
    }

    func records(_ dataset: String, _ split: String, _ indices: [Int]) -> [PromptedRecord] {
        indices.map {
            PromptedRecord(
                source: SourceRecord(id: "\(dataset)-\($0)", dataset: dataset, split: split, index: $0, input: "in \($0)", label: "l"),
                prompt: .text("p\($0)"))
        }
    }

    @Test("several samples: lines {id, sample, completion}; a record missing one is no_recording")
    func samples() async throws {
        let dir = try temporaryDirectory()
        let jsonl = dir.appendingPathComponent("rec.jsonl")
        let lines = [
            #"{"id": "esnli-0", "completion": "zero-0"}"#, #"{"id": "esnli-0", "sample": 2, "completion": "zero-2"}"#,
            #"{"id": "esnli-0", "sample": 1, "completion": "zero-1"}"#, #"{"id": "esnli-1", "sample": 0, "completion": "one-0"}"#,
            #"{"id": "esnli-1", "sample": 1, "completion": "one-1"}"#,
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: jsonl)
        let out = dir.appendingPathComponent("rec.sqlite")
        _ = try RecordingImporter.run(format: .jsonl, inputs: [jsonl], out: out)
        let stage = try TeacherStage(kind: .replay(recordings: out), cache: nil, samples: 3)
        var context = makeContext()
        let answered = try await stage.process(records("esnli", "train", [0, 1]), context: &context)
        #expect(answered.map { $0.samples.map(\.completion) } == [["zero-0", "zero-1", "zero-2"]])
        #expect(context.rejections.map(\.reason) == ["no_recording"])
        #expect(context.rejections.first?.record["detail"]?.stringValue?.contains("no recorded sample 2") == true)

        try Data(#"{"id": "x", "sample": -1, "completion": "c"}"#.utf8).write(to: jsonl)
        #expect(throws: TeacherError.self) {
            _ = try RecordingImporter.run(format: .jsonl, inputs: [jsonl], out: dir.appendingPathComponent("bad.sqlite"))
        }
    }

    @Test("paper files: the k-th completion of file i belongs to index (sizes before i) + k")
    func paperPositions() async throws {
        let dir = try temporaryDirectory()
        let palm = dir.appendingPathComponent("esnli")
        try FileManager.default.createDirectory(at: palm, withIntermediateDirectories: true)
        // Files given out of order, with a shorter last file, as released.
        try write((0..<3).map { "train \($0)" }, palm.appendingPathComponent("train_CoT_0.json"))
        try write((3..<6).map { "train \($0)" }, palm.appendingPathComponent("train_CoT_1.json"))
        try write((6..<11).map { "train \($0)" }, palm.appendingPathComponent("train_CoT_10.json").deletingLastPathComponent().appendingPathComponent("train_CoT_2.json"))
        try write(["valid 0", ""], palm.appendingPathComponent("valid_CoT_0.json"))
        let out = dir.appendingPathComponent("rec.sqlite")
        let summary = try RecordingImporter.run(format: .paper, inputs: [palm], out: out)
        #expect(summary.counts.map(\.0) == ["esnli/train", "esnli/valid"])
        #expect(summary.total == 13)

        let stage = try TeacherStage(kind: .replay(recordings: out), cache: nil)
        var context = makeContext()
        let batch = records("esnli", "train", [0, 2, 3, 7, 10, 11]) + records("esnli", "valid", [1])
        let answered = try await stage.process(batch, context: &context)
        #expect(answered.map(\.completion) == ["train 0", "train 2", "train 3", "train 7", "train 10", ""])
        #expect(answered.allSatisfy { $0.cached && $0.attempts == 0 })
        #expect(context.rejections.map(\.recordID) == ["esnli-11"])
        #expect(context.rejections.first?.reason == "no_recording")

        // Sparse indices (a subsample) take the IN path.
        var sparse = makeContext()
        let picked = try await stage.process(records("esnli", "train", [0, 500, 10]), context: &sparse)
        #expect(picked.map(\.completion) == ["train 0", "train 10"])
    }

    @Test("paper import in many-row statements: full statements, a partial last one, every row in place")
    func paperImportAcrossStatements() throws {
        let dir = try temporaryDirectory()
        let palm = dir.appendingPathComponent("esnli")
        try FileManager.default.createDirectory(at: palm, withIntermediateDirectories: true)
        let perStatement = PositionInserter.rowsPerStatement
        // File 0 ends inside a statement; file 1 finishes it and starts more; one completion is empty.
        let all = (0..<(2 * perStatement + 45)).map { $0 == perStatement ? "" : "completion \($0) é" }
        try write(Array(all[..<(perStatement - 3)]), palm.appendingPathComponent("train_CoT_0.json"))
        try write(Array(all[(perStatement - 3)...]), palm.appendingPathComponent("train_CoT_1.json"))
        try write(["v0"], palm.appendingPathComponent("valid_CoT_0.json"))
        let out = dir.appendingPathComponent("rec.sqlite")
        let summary = try RecordingImporter.run(format: .paper, inputs: [palm], out: out)
        #expect(summary.counts.map(\.1) == [all.count, 1])
        let store = try RecordingStore(path: out)
        func source(_ split: String, _ index: Int) -> SourceRecord {
            SourceRecord(id: "esnli-\(split)-\(index)", dataset: "esnli", split: split, index: index, input: "i", label: "l")
        }
        let train = try store.completions(for: (0...all.count).map { source("train", $0) })
        #expect(train == all.map { Optional($0) } + [nil])
        #expect(try store.completions(for: [source("valid", 0)]) == ["v0"])
        #expect(PositionInserter.sql(rows: 2).hasSuffix("VALUES (?1, ?2, ?3, ?4), (?1, ?2, ?5, ?6)"))
    }

    @Test("a batch of consecutive records (one range scan) gives what record-by-record lookups give")
    func consecutiveBatches() async throws {
        let dir = try temporaryDirectory()
        let palm = dir.appendingPathComponent("anli")
        try FileManager.default.createDirectory(at: palm, withIntermediateDirectories: true)
        try write((0..<40).map { "c\($0)" }, palm.appendingPathComponent("train_CoT_0.json"))
        let out = dir.appendingPathComponent("rec.sqlite")
        _ = try RecordingImporter.run(format: .paper, inputs: [palm], out: out)
        let store = try RecordingStore(path: out)
        let batches: [[Int]] = [Array(0..<40), Array(5..<45), [3, 4, 6, 9], [9, 4], [4, 4, 5], [38, 39, 40, 41]]
        for indices in batches {
            let sources = records("anli", "train", indices).map(\.source)
            let together = try store.completions(for: sources)
            let oneByOne = try sources.map { try store.completions(for: [$0])[0] }
            #expect(together == oneByOne, "\(indices)")
            #expect(together == indices.map { $0 < 40 ? "c\($0)" : nil })
        }
        #expect(RecordingStore.contiguousSpan(records("anli", "train", Array(5..<45)).map(\.source))! == (5, 44))
        #expect(RecordingStore.contiguousSpan(records("anli", "train", [9, 4]).map(\.source)) == nil)
        #expect(RecordingStore.contiguousSpan(records("anli", "train", [4, 4, 5]).map(\.source)) == nil)
        let mixed = records("anli", "train", [1]).map(\.source) + records("anli", "valid", [2]).map(\.source)
        #expect(RecordingStore.contiguousSpan(mixed) == nil)
    }

    @Test("invalid UTF-8 in a completion file is refused, naming the file and the string's byte")
    func invalidUTF8() throws {
        let dir = try temporaryDirectory().appendingPathComponent("esnli")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write(["a"], dir.appendingPathComponent("train_CoT_0.json"))
        try Data([UInt8]("[\"ok\", \"bad ".utf8) + [0xFF] + [UInt8]("\"]".utf8)).write(to: dir.appendingPathComponent("train_CoT_1.json"))
        let out = dir.appendingPathComponent("r.sqlite")
        do {
            _ = try RecordingImporter.run(format: .paper, inputs: [dir], out: out)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("train_CoT_1.json"))
            #expect(error.description.contains("byte 9: invalid UTF-8"))
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a gap in the numbering is refused, naming the missing file")
    func gap() throws {
        let dir = try temporaryDirectory().appendingPathComponent("cqa")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write(["a"], dir.appendingPathComponent("train_CoT_0.json"))
        try write(["c"], dir.appendingPathComponent("train_CoT_2.json"))
        do {
            _ = try RecordingImporter.run(format: .paper, inputs: [dir], out: dir.appendingPathComponent("r.sqlite"))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("train_CoT_1.json is missing"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.sqlite").path))
    }

    @Test("JSONL recordings are matched by id, before positions")
    func jsonl() async throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("rec.jsonl")
        try "{\"id\": \"svamp-1\", \"completion\": \"one\"}\n\n{\"id\": \"svamp-5\", \"completion\": \"five\"}\n".write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("rec.sqlite")
        #expect(try RecordingImporter.run(format: .jsonl, inputs: [file], out: out).total == 2)
        let stage = try TeacherStage(kind: .replay(recordings: out), cache: nil)
        var context = makeContext()
        let answered = try await stage.process(records("svamp", "train", [1, 2, 5]), context: &context)
        #expect(answered.map(\.completion) == ["one", "five"])
        #expect(context.rejections.count == 1)

        try "{\"id\": \"x\"}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: TeacherError.importFailed(file: file.path, line: 1, message: "record 'x': missing \"completion\" (a string)")) {
            _ = try RecordingImporter.run(format: .jsonl, inputs: [file], out: out)
        }
    }

    @Test("the released SVAMP and e-SNLI valid outputs join their records by position")
    func releasedOutputs() async throws {
        let palm = URL(fileURLWithPath: "/work/shared/corpora/palm")
        let reference = URL(fileURLWithPath: "/work/shared/corpora/reference/esnli/esnli_valid.json")
        guard FileManager.default.fileExists(atPath: palm.path), FileManager.default.fileExists(atPath: reference.path) else {
            print("skipped: ../shared/corpora is not here")
            return
        }
        let out = try temporaryDirectory().appendingPathComponent("esnli.sqlite")
        let summary = try RecordingImporter.run(
            format: .paper, inputs: [palm.appendingPathComponent("esnli/valid_CoT_0.json"), palm.appendingPathComponent("esnli/valid_CoT_1.json")], out: out)
        #expect(summary.counts.first?.0 == "esnli/valid")
        let store = try RecordingStore(path: out)
        let lines = try String(contentsOf: reference, encoding: .utf8).split(separator: "\n")
        #expect(summary.total == lines.count)
        // The completion for record 1 (entailment) starts with its first explanation.
        let first = try store.completions(for: [SourceRecord(id: "x", dataset: "esnli", split: "valid", index: 1, input: "", label: "")])
        let explanation = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(first[0]?.hasPrefix(explanation?["explanation_1"] as? String ?? "?") == true)
    }
}

struct PaperFileTests {
    func parse(_ text: String) throws -> [String] { try RecordingImporter.paperCompletions(Array(text.utf8)) }

    @Test("strings with every escape, as JSONSerialization reads them")
    func escapes() throws {
        let strings = ["plain", "", "line\nbreak \"quoted\" back\\slash /", "tab\tcr\r\u{8}\u{c}", "é 日本 😀", "\u{1}"]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: strings), as: UTF8.self)
        #expect(try parse(text) == strings)
        #expect(try parse(" [ \"a\" , \"\\u00e9\\ud83d\\ude00\" ] \n") == ["a", "é😀"])
        #expect(try parse("[]") == [])
    }

    @Test("malformed arrays are reported with the byte offset")
    func malformed() {
        for bad in ["", "{}", "[\"a\"", "[\"a\",]", "[\"a\" \"b\"]", "[\"\\x\"]", "[\"\\ud800\"]", "[\"a\"] x", "[1]"] {
            #expect(throws: RecordingImporter.PaperFileProblem.self, "\(bad)") { try parse(bad) }
        }
    }
}
