import Foundation
import StepwiseConfig
import StepwiseCore
import StepwisePipeline
import StepwiseShards
import Testing

/// The two worked examples of a task of one's own (`Pipelines/reviews*.yaml`,
/// `Pipelines/word-problems*.yaml`) end to end, and what a task does with bad rows.
@Suite struct TaskPipelineTests {
    /// A copy of a pipeline of `Pipelines/` with its relative paths made absolute.
    static func load(_ name: String, into dir: URL, edit: (String) -> String = { $0 }) throws -> PipelineConfig {
        var text = try String(contentsOf: repositoryRoot.appendingPathComponent("Pipelines/\(name).yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "../data/", with: repositoryRoot.path + "/data/")
            .replacingOccurrences(of: "exemplars: prompts/", with: "exemplars: " + repositoryRoot.path + "/Pipelines/prompts/")
        let url = dir.appendingPathComponent("\(name).yaml")
        try Data(edit(text).utf8).write(to: url)
        return try PipelineConfig.load(from: url)
    }

    static func samples(_ out: URL, _ split: String) throws -> [ShardSample] {
        var cursor = try ShardReader(root: out, split: split).samples()
        var out: [ShardSample] = []
        while let sample = try cursor.next() { out.append(sample) }
        return out
    }

    @Test("both examples run with the replay and human teachers; verify passes; labels are the task's",
          arguments: ["reviews", "reviews-human", "word-problems", "word-problems-human"])
    func examples(name: String) async throws {
        let scratch = try ScratchDirectory("task-\(name)")
        defer { scratch.remove() }
        let out = scratch.path("out")
        let config = try Self.load(name, into: scratch.url) {
            $0.replacingOccurrences(of: "output: {dir: ../out/\(name)}", with: "output: {dir: ../out/\(name), text_columns: true}")
        }
        #expect(config.output.textColumns)
        let summary = try await runPipeline(config, out: out)
        let record = try #require(summary.record)
        for verification in ShardVerifier.verify(root: out) {
            #expect(verification.problems.filter { $0.severity == .error }.isEmpty, "\(verification.problems)")
        }
        let test = try Self.samples(out, "test")
        #expect(test.count == 12)
        let train = try Self.samples(out, "train")
        #expect(train.count == record.splits["train"]?.samples)
        let task = try #require(record.task["labels"])
        if name.hasPrefix("reviews") {
            #expect(task["kind"] == "classes")
            // Gold labels written "Positive", "pos", "NEGATIVE" in the CSV are classes in the shards.
            let labels = Set(try train.map { try #require($0.string("label")) })
            #expect(labels.isSubset(of: ["positive", "negative"]) && labels.count == 2)
        } else {
            #expect(task["kind"] == "number")
            // "#### 2,000" is the number 2000.
            let ids = try train.map { try #require($0.id) }
            let at = try #require(ids.firstIndex(of: "wp-train-002"))
            #expect(train[at].string("label") == "2000")
        }
        if name.hasSuffix("-human") {
            #expect(record.splits["train"]?.teacherAccuracy.accuracy == 1.0)
        } else {
            // The recorded completions hold planted mistakes: wrong labels, a missing phrase,
            // a label outside the space, an empty rationale.
            let filtered = record.splits["train"]?.filtered ?? [:]
            #expect(filtered["no_answer_phrase"] == 2 && filtered["label_outside_space"] == 2 && filtered["empty_rationale"] == 2)
            let accuracy = try #require(record.splits["train"]?.teacherAccuracy)
            #expect(accuracy.total == 40 && accuracy.correct < 40 && accuracy.correct > 30)
        }
    }

    /// A copy of data/word-problems with bad rows appended to train.jsonl (lines 41–44).
    static func badCopy(_ scratch: ScratchDirectory) throws -> URL {
        let copy = scratch.path("word-problems")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("data/word-problems"), to: copy)
        let handle = try FileHandle(forWritingTo: copy.appendingPathComponent("train.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("""
            {"id": "bad-1", "question": "No marker?", "answer": "It is 4."}
            {"id": "bad-2", "answer": "No question.\\n#### 3"}
            {"id": "bad-3", "question": "Words?", "answer": "Many.\\n#### lots"}
            {"id": "bad-4", "question": "Cut off", "answer":

            """.utf8))
        try handle.close()
        return copy
    }

    @Test("a row the fields cannot read fails the run naming file, line and field")
    func badRowFails() async throws {
        let scratch = try ScratchDirectory("task-bad-fail")
        defer { scratch.remove() }
        let data = try Self.badCopy(scratch)
        let config = try Self.load("word-problems", into: scratch.url) {
            $0.replacingOccurrences(of: repositoryRoot.path + "/data/word-problems\n", with: data.path + "\n")
        }
        do {
            try await runPipeline(config, out: scratch.path("out"))
            Issue.record("the run passed a row without ####")
        } catch {
            let text = String(describing: error)
            #expect(text.contains(data.path + "/train.jsonl:41: field 'answer': pattern '####\\s*(.+?)\\s*$' did not match"), "\(text)")
        }
    }

    @Test("with on_bad_record: skip, bad rows are counted rejects: label_unparsed or bad_record")
    func badRowsSkipped() async throws {
        let scratch = try ScratchDirectory("task-bad-skip")
        defer { scratch.remove() }
        let data = try Self.badCopy(scratch)
        let config = try Self.load("word-problems", into: scratch.url) {
            $0.replacingOccurrences(of: repositoryRoot.path + "/data/word-problems\n", with: data.path + "\n  on_bad_record: skip\n")
        }
        let out = scratch.path("out")
        let record = try #require(try await runPipeline(config, out: out).record)
        let loads = try jsonLines(out.appendingPathComponent("rejects.jsonl")).filter { $0["stage"] as? String == "load" }
        #expect(loads.map { $0["id"] as? String } == ["bad-1", "bad-2", "bad-3", "word-problems-train-43"])
        #expect(loads.map { $0["reason"] as? String } == ["label_unparsed", "bad_record", "label_unparsed", "bad_record"])
        let problems = loads.compactMap { $0["problem"] as? String }
        #expect(problems.first == "field 'answer': pattern '####\\s*(.+?)\\s*$' did not match")
        #expect(problems.dropFirst().first?.hasPrefix("field 'question' is missing (dataset.fields.input is '{{question}}')") == true)
        #expect(problems.dropFirst(2).first == "field 'answer': label 'lots' is not a number")
        #expect(record.splits["train"]?.filtered["label_unparsed"] == 2)
        #expect(record.splits["train"]?.filtered["bad_record"] == 2)
    }

    @Test("the same task output whatever the worker count")
    func deterministic() async throws {
        let scratch = try ScratchDirectory("task-workers")
        defer { scratch.remove() }
        let config = try Self.load("reviews", into: scratch.url) { $0 + "run: {batch_size: 3, channel_capacity: 2}\n" }
        try await runPipeline(config, out: scratch.path("one"), workers: 1)
        try await runPipeline(config, out: scratch.path("four"), workers: 4)
        let only = ["train", "test", "rejects.jsonl"]
        #expect(try fileTree(scratch.path("one"), only: only) == fileTree(scratch.path("four"), only: only))
    }
}
