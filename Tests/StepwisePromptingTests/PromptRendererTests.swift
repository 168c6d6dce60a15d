import Foundation
import StepwiseCore
import Testing

@testable import StepwisePrompting

struct PromptRendererTests {
    let anli = """
        dataset: anli
        instruction: "Decide whether the hypothesis follows."
        question: "Premise: {{premise}}\\nHypothesis: {{hypothesis}}"
        answer_prefix: "Answer:"
        answer: "{{rationale}} So the answer is {{label}}."
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

    /// NLI variables as the e-SNLI and ANLI descriptors give them (premise and hypothesis
    /// from the student input here).
    func variables(_ r: SourceRecord) -> JSONValue {
        PromptVariables.of(r, adding: [("premise", "The cat sat."), ("hypothesis", "A cat sits.")])
    }

    @Test("completion style: exemplar blocks, then the question and an open answer prefix")
    func completion() throws {
        let set = try ExemplarFile.parse(anli, file: "anli.yaml")
        let prompt = PromptRenderer(exemplars: set, style: .completion).prompt(variables: variables(record()))
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
        let prompt = PromptRenderer(exemplars: set, style: .chat).prompt(variables: variables(record()))
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

    @Test("a record's variables: its fields, input, and for choices the texts and the (a) … block")
    func recordVariables() {
        let r = SourceRecord(
            id: "q", dataset: "mine", split: "train", index: 0, fields: [("question", "Q?"), ("input", "raw")],
            input: "Q? with choices", label: "y", choices: ["x", "y"])
        let v = PromptVariables.of(r)
        #expect(v["question"] == "Q?")
        #expect(v["input"] == "Q? with choices")
        #expect(v["choices"] == ["x", "y"])
        #expect(v["answer_choices"] == "(a) x\n(b) y")
    }

    @Test("prompts are deterministic")
    func deterministic() throws {
        let a = PromptRenderer(exemplars: try ExemplarFile.parse(anli, file: "a"), style: .completion)
        let b = PromptRenderer(exemplars: try ExemplarFile.parse(anli, file: "a"), style: .completion)
        #expect(a.prompt(variables: variables(record())) == b.prompt(variables: variables(record())))
    }
}
