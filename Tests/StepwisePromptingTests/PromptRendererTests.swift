import Foundation
import StepwiseCore
import Testing

@testable import StepwisePrompting

struct PromptRendererTests {
    let anli = """
        dataset: anli
        instruction: "Decide whether the hypothesis follows."
        question: "Premise: {premise}\\nHypothesis: {hypothesis}"
        answer_prefix: "Answer:"
        answer: "{rationale} So the answer is {label}."
        exemplars:
          - premise: "P1."
            hypothesis: "H1."
            rationale: "R1."
            label: entailment
          - premise: "P2."
            hypothesis: "H2."
            rationale: "R2."
            label: neutral
        """

    func record(fields: [(String, JSONValue)] = [], input: String = "The cat sat. </s> A cat sits.") -> SourceRecord {
        SourceRecord(id: "u1", dataset: "anli", split: "train", index: 0, fields: fields, input: input, label: "entailment")
    }

    @Test("completion style: exemplar blocks, then the question and an open answer prefix")
    func completion() throws {
        let set = try ExemplarFile.parse(anli, file: "anli.yaml")
        let prompt = PromptRenderer(exemplars: set, style: .completion).prompt(for: record())
        #expect(
            prompt
                == .text(
                    """
                    Decide whether the hypothesis follows.

                    Premise: P1.
                    Hypothesis: H1.
                    Answer: R1. So the answer is entailment.

                    Premise: P2.
                    Hypothesis: H2.
                    Answer: R2. So the answer is neutral.

                    Premise: The cat sat.
                    Hypothesis: A cat sits.
                    Answer:
                    """))
    }

    @Test("chat style: system, user/assistant pairs, then the question")
    func chat() throws {
        let set = try ExemplarFile.parse(anli, file: "anli.yaml")
        let prompt = PromptRenderer(exemplars: set, style: .chat).prompt(for: record())
        #expect(
            prompt
                == .chat([
                    ChatMessage(role: "system", content: "Decide whether the hypothesis follows."),
                    ChatMessage(role: "user", content: "Premise: P1.\nHypothesis: H1."),
                    ChatMessage(role: "assistant", content: "R1. So the answer is entailment."),
                    ChatMessage(role: "user", content: "Premise: P2.\nHypothesis: H2."),
                    ChatMessage(role: "assistant", content: "R2. So the answer is neutral."),
                    ChatMessage(role: "user", content: "Premise: The cat sat.\nHypothesis: A cat sits."),
                ]))
    }

    @Test("NLI questions use the raw fields when the loader kept them, else split the student input")
    func nliVariables() {
        let fromFields = QuestionVariables(
            record: record(fields: [("premise", " The cat sat. "), ("hypothesis", "A cat sits.\n")], input: "ignored </s> ignored"))
        #expect(fromFields.premise == "The cat sat.")
        #expect(fromFields.hypothesis == "A cat sits.")
        let csv = QuestionVariables(record: record(fields: [("Sentence1", "S1"), ("Sentence2", "S2")]))
        #expect(csv.premise == "S1" && csv.hypothesis == "S2")
        let split = QuestionVariables(record: record(input: "Über Straße. </s> Ein Satz."))
        #expect(split.premise == "Über Straße.")
        #expect(split.hypothesis == "Ein Satz.")
    }

    @Test("prompts are deterministic")
    func deterministic() throws {
        let a = PromptRenderer(exemplars: try ExemplarFile.parse(anli, file: "a"), style: .completion)
        let b = PromptRenderer(exemplars: try ExemplarFile.parse(anli, file: "a"), style: .completion)
        #expect(a.prompt(for: record()) == b.prompt(for: record()))
    }
}
