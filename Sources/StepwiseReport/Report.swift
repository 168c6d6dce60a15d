import Foundation
import StepwiseCore
import StepwisePipeline
import StepwiseShards
import StepwiseTokenizer

/// What `stepwise report` shows, gathered from an output directory: per split the figures
/// of ``RunOutput``, a confusion matrix when the label space is closed (every record read
/// once, streaming), and the first `sampleSize` kept and filtered records for the table.
/// Whatever else `run.json` carries (teacher usage, cost, votes) is shown as it is.
public struct Report: Sendable {
    public struct Section: Sendable {
        public var split: RunOutput.Split
        public var confusion: ConfusionMatrix?
        public var samples: [TextRecord]
    }

    public let output: RunOutput
    public let sections: [Section]
    /// `run.json` as written, for the fields ``RunRecord`` does not model.
    public let runJSON: JSONValue

    /// Reads `root`. `tokenizer` decodes token columns when the run kept no text columns.
    public init(root: URL, tokenizer: SentencePieceTokenizer?, sampleSize: Int = 200) throws {
        let output = try RunOutput(root: root)
        let closed = output.labelKind == "classes" && !output.classes.isEmpty
        let task = output.record.task
        var sections: [Section] = []
        for split in output.splits {
            var confusion = closed ? ConfusionMatrix(classes: output.classes) : nil
            var samples: [TextRecord] = []
            var kept = try KeptRecords(
                root: root, split: split.name, tokenizer: tokenizer,
                labelPrefix: task["label_prefix"]?.stringValue ?? "", rationalePrefix: task["rationale_prefix"]?.stringValue ?? "")
            var taken = 0
            while taken < sampleSize || confusion != nil, let r = try kept.nextRecord() {
                confusion?.add(gold: r.label, teacher: r.teacherLabel)
                if taken < sampleSize { samples.append(r) }
                taken += 1
                kept.labelsOnly = taken >= sampleSize
            }
            var rejected = try RejectedRecords(root: root, split: split.name)
            taken = 0
            while taken < sampleSize || confusion != nil, let r = try rejected.nextRecord() {
                // Records the teacher never answered have no teacher label to compare.
                if !r.teacherLabel.isEmpty || r.reason == "label_unparsed" { confusion?.add(gold: r.label, teacher: r.teacherLabel) }
                if taken < sampleSize { samples.append(r) }
                taken += 1
            }
            sections.append(Section(split: split, confusion: confusion, samples: samples))
        }
        self.output = output
        self.sections = sections
        self.runJSON = (try? JSONValue(parsing: Data(contentsOf: root.appendingPathComponent("run.json")))) ?? .null
    }
}
