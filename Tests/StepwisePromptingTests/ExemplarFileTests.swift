import Foundation
import StepwiseCore
import Testing

@testable import StepwisePrompting

struct ExemplarFileTests {
    static let prompts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Pipelines/prompts")

    @Test("the shipped exemplar files load, in the paper's answer phrasing", arguments: [
        ("esnli", 6, "{rationale}\nAnswer: {label}"), ("anli", 6, "{rationale} So the answer is {label}."),
        ("cqa", 7, "{rationale} So the answer is {label}."), ("svamp", 6, "{rationale} The answer is {label}."),
    ])
    func shippedFiles(name: String, count: Int, answer: String) throws {
        let set = try ExemplarFile.load(Self.prompts.appendingPathComponent("\(name).yaml"))
        #expect(set.dataset == name)
        #expect(set.exemplars.count == count)
        #expect(set.answer.source == answer)
        for e in set.exemplars {
            switch name {
            case "esnli", "anli":
                #expect(nliLabelWords.contains(e.label))
                #expect(!e.variables.premise.isEmpty && !e.variables.hypothesis.isEmpty)
            case "cqa":
                #expect(e.label.hasPrefix("("))
                #expect(e.variables.input.contains("\nAnswer Choices:\n(a) "))
                // The label's letter names the choice with that text.
                let letter = e.label.dropFirst().prefix(1)
                let text = e.label.dropFirst(4)
                #expect(e.variables.input.contains("(\(letter)) \(text)"))
            default:
                #expect(e.label.hasPrefix("(") && e.label.hasSuffix(")"))
            }
        }
    }

    @Test("answers read like the released completions")
    func answerPhrases() throws {
        let cqa = try ExemplarFile.load(Self.prompts.appendingPathComponent("cqa.yaml"))
        #expect(cqa.renderAnswer(rationale: "R.", label: "(b) house") == "R. So the answer is (b) house.")
        let esnli = try ExemplarFile.load(Self.prompts.appendingPathComponent("esnli.yaml"))
        #expect(esnli.renderAnswer(rationale: "R.", label: "neutral") == "R.\nAnswer: neutral")
        let anli = try ExemplarFile.load(Self.prompts.appendingPathComponent("anli.yaml"))
        #expect(anli.renderAnswer(rationale: "R.", label: "contradiction") == "R. So the answer is contradiction.")
        let svamp = try ExemplarFile.load(Self.prompts.appendingPathComponent("svamp.yaml"))
        #expect(svamp.renderAnswer(rationale: "R.", label: "(10 * 45)") == "R. The answer is (10 * 45).")
    }

    func error(_ yaml: String) -> ExemplarFileError? {
        do {
            _ = try ExemplarFile.parse(yaml, file: "bad.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("mistakes are reported with file and line")
    func errors() {
        let header = "dataset: svamp\nquestion: \"Q: {input}\"\nanswer_prefix: \"A:\"\nanswer: \"{rationale} The answer is {label}.\"\n"
        let unknownKey = error(header + "exemplar:\n  - input: x\n")
        #expect(unknownKey?.description == "bad.yaml:5: unknown key 'exemplar'; expected one of answer, answer_prefix, dataset, exemplars, instruction, question")
        let missing = error(header + "exemplars:\n  - input: x\n    label: \"(1 + 1)\"\n")
        #expect(missing?.description == "bad.yaml:6: exemplar 1: missing 'rationale'")
        let badVar = error(header.replacingOccurrences(of: "{input}", with: "{premis}") + "exemplars:\n  - input: x\n")
        #expect(badVar?.description.hasPrefix("bad.yaml:2: 'question' uses '{premis}'") == true)
        let noDataset = error(header.replacingOccurrences(of: "dataset: svamp", with: "dataset: \"\"") + "exemplars:\n  - input: x\n")
        #expect(noDataset?.description.contains("'dataset' must name the dataset") == true)
        let notYAML = error("dataset: [unclosed\n")
        #expect(notYAML?.description.hasPrefix("bad.yaml: not valid YAML") == true)
        let noLabel = error(header.replacingOccurrences(of: " The answer is {label}.", with: "") + "exemplars:\n  - input: x\n")
        #expect(noLabel?.description == "bad.yaml:4: 'answer' must contain '{label}'")
    }
}
