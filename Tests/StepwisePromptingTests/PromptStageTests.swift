import Foundation
import StepwiseConfig
import StepwiseCore
import Testing

@testable import StepwisePrompting

struct PromptStageTests {
    static let prompts = ExemplarFileTests.prompts

    @Test("the stage prompts every record and keeps the source")
    func stage() async throws {
        let stage = try PromptStage(
            datasets: ["svamp"], options: PromptOptions(exemplars: ConfigPath(url: Self.prompts.appendingPathComponent("svamp.yaml"))))
        let records = (0..<3).map {
            SourceRecord(id: "s\($0)", dataset: "svamp", split: "train", index: $0, input: "Body \($0).\nQuestion?", label: "( 1.0 + \($0).0 )")
        }
        var context = BatchContext(stage: "prompt", counters: StageCounters(name: "prompt"))
        let out = try await stage.process(records, context: &context)
        #expect(out.map(\.source) == records)
        guard case .text(let text) = out[1].prompt else {
            Issue.record("expected a completion prompt")
            return
        }
        #expect(text.hasPrefix("Q: A baker made 45 muffins"))
        #expect(text.hasSuffix("\n\nQ: Body 1.\nQuestion?\nA:"))
        #expect(context.rejections.isEmpty)
        // The dump line carries the prompt.
        #expect(out[1].jsonLine().contains("\"prompt\":\"Q: A baker"))
    }

    @Test("ASDiv may reuse the SVAMP exemplars; other mismatches are refused")
    func datasetCheck() throws {
        let svamp = PromptOptions(exemplars: ConfigPath(url: Self.prompts.appendingPathComponent("svamp.yaml")), style: .chat)
        let asdiv = try PromptStage(datasets: ["asdiv", "svamp"], options: svamp)
        #expect(asdiv.renderer.exemplars.exemplars.count == 6)
        #expect(throws: ExemplarFileError.self) { try PromptStage(datasets: ["cqa"], options: svamp) }
    }

    @Test("prompt.system opens the chat, before the exemplar file's instruction")
    func systemMessage() throws {
        let file = Self.prompts.appendingPathComponent("svamp.yaml")
        let plain = try PromptStage(datasets: ["svamp"], options: PromptOptions(exemplars: ConfigPath(url: file), style: .chat))
        let withSystem = try PromptStage(
            datasets: ["svamp"], options: PromptOptions(exemplars: ConfigPath(url: file), style: .chat, system: "Be brief."))
        let record = SourceRecord(id: "s", dataset: "svamp", split: "train", index: 0, input: "Body.\nQ?", label: "(1)")
        guard case .chat(let before) = plain.renderer.prompt(variables: PromptVariables.of(record)),
            case .chat(let after) = withSystem.renderer.prompt(variables: PromptVariables.of(record))
        else {
            Issue.record("expected chat prompts")
            return
        }
        #expect(after.first == ChatMessage(role: "system", content: "Be brief."))
        #expect(Array(after.dropFirst()) == before)
    }
}
