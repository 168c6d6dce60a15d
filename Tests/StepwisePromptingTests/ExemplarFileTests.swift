import Foundation
import StepwiseCore
import Testing

@testable import StepwisePrompting

struct ExemplarFileTests {
    static let prompts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Pipelines/prompts")

    @Test("the shipped exemplar files load, in the paper's answer phrasing", arguments: [
        ("esnli", 6, "{{rationale}}\nAnswer: {{label}}"), ("anli", 6, "{{rationale}} So the answer is {{label}}."),
        ("cqa", 7, "{{rationale}} So the answer is {{label}}."), ("svamp", 6, "{{rationale}} The answer is {{label}}."),
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
                #expect(!(e.values["premise"]?.stringValue ?? "").isEmpty && !(e.values["hypothesis"]?.stringValue ?? "").isEmpty)
            case "cqa":
                #expect(e.label.hasPrefix("("))
                let input = e.values["input"]?.stringValue ?? ""
                #expect(input.contains("\nAnswer Choices:\n(a) "))
                // The label's letter names the choice with that text.
                let letter = e.label.dropFirst().prefix(1)
                let text = e.label.dropFirst(4)
                #expect(input.contains("(\(letter)) \(text)"))
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
        let header = "dataset: svamp\nquestion: \"Q: {{input}}\"\nanswer_prefix: \"A:\"\nanswer: \"{{rationale}} The answer is {{label}}.\"\n"
        let unknownKey = error(header + "exemplar:\n  - input: x\n")
        #expect(unknownKey?.description == "bad.yaml:5: unknown key 'exemplar'; expected one of answer, answer_prefix, dataset, exemplars, instruction, question")
        let missing = error(header + "exemplars:\n  - input: x\n    label: \"(1 + 1)\"\n")
        #expect(missing?.description == "bad.yaml:6: exemplar 1: missing 'rationale'")
        let oldStyle = error(header.replacingOccurrences(of: "{{input}}", with: "{input}") + "exemplars:\n  - input: x\n")
        #expect(oldStyle?.description == "bad.yaml:2: 'question' writes '{input}'; placeholders are Mustache: write '{{input}}'")
        let notGiven = error(
            header.replacingOccurrences(of: "{{input}}", with: "{{premis}}")
                + "exemplars:\n  - input: x\n    rationale: r\n    label: \"(1)\"\n")
        #expect(notGiven?.description == "bad.yaml:6: exemplar 1: the question uses '{{premis}}', which it does not give")
        let unclosed = error(header.replacingOccurrences(of: "{{input}}", with: "{{#input}}") + "exemplars:\n  - input: x\n")
        #expect(unclosed?.description.hasPrefix("bad.yaml:2: 'question': ") == true)
        let noDataset = error(header.replacingOccurrences(of: "dataset: svamp", with: "dataset: \"\"") + "exemplars:\n  - input: x\n")
        #expect(noDataset?.description.contains("'dataset' must name the dataset") == true)
        let notYAML = error("dataset: [unclosed\n")
        #expect(notYAML?.description.hasPrefix("bad.yaml: not valid YAML") == true)
        let noLabel = error(header.replacingOccurrences(of: " The answer is {{label}}.", with: "") + "exemplars:\n  - input: x\n")
        #expect(noLabel?.description == "bad.yaml:4: 'answer' must contain '{{label}}'")
        let otherField = error(header.replacingOccurrences(of: "{{rationale}}", with: "{{reason}}") + "exemplars:\n  - input: x\n")
        #expect(otherField?.description == "bad.yaml:4: 'answer' uses '{{reason}}'; it may use {{rationale}} and {{label}}")
    }

    @Test("exemplars may carry any fields, lists and nested values included")
    func anyFields() throws {
        let yaml = """
            dataset: reviews
            question: "Review ({{meta.stars}} stars): {{text}}{{#tags}} #{{.}}{{/tags}}"
            answer_prefix: "Sentiment:"
            answer: "{{rationale}} So it is {{label}}."
            exemplars:
              - text: "Loved it."
                meta: {stars: "5"}
                tags: [fun, short]
                rationale: "The reviewer loved it."
                label: positive
            """
        let set = try ExemplarFile.parse(yaml, file: "reviews.yaml")
        let renderer = PromptRenderer(exemplars: set, style: .completion)
        guard case .text(let text) = renderer.prompt(variables: ["text": "Dull.", "meta": ["stars": "1"], "tags": []]) else {
            Issue.record("expected a completion prompt")
            return
        }
        #expect(text == "Review (5 stars): Loved it. #fun #short\nSentiment: The reviewer loved it. So it is positive.\n\nReview (1 stars): Dull.\nSentiment:")
        #expect(set.questionMarker == "Review (")
    }
}
