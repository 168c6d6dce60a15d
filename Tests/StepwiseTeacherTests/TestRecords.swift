import Foundation
import StepwiseCore

/// e-SNLI-like prompted records for teacher tests: distinct prompts unless `duplicateEvery` is set.
func promptedRecords(_ count: Int, split: String = "train", duplicateEvery: Int? = nil, chat: Bool = false) -> [PromptedRecord] {
    (0..<count).map { i in
        let n = duplicateEvery.map { i % $0 } ?? i
        let source = SourceRecord(
            id: "r\(i)", dataset: "esnli", split: split, index: i,
            fields: [("premise", .string("Premise number \(n).")), ("hypothesis", .string("Hypothesis \(n)."))],
            input: "Premise number \(n). </s> Hypothesis \(n).", label: nliLabelWords[i % 3],
            explanation: "Explanation \(i)")
        let text = "Premise: Premise number \(n).\nHypothesis: Hypothesis \(n).\nReasonings:"
        let prompt: Prompt = chat ? .chat([ChatMessage(role: "user", content: text)]) : .text(text)
        return PromptedRecord(source: source, prompt: prompt)
    }
}

/// A batch context for calling a stage directly.
func makeContext(_ name: String = "teacher") -> BatchContext {
    BatchContext(stage: name, counters: StageCounters(name: name))
}
