import Foundation
import StepwiseCore
import Testing

@testable import StepwisePrompting

struct PromptStageTests {
    static let prompts = ExemplarFileTests.prompts

    @Test("the stage prompts every record and keeps the source")
    func stage() async throws {
        let stage = try PromptStage(
            dataset: .svamp, options: PromptOptions(exemplarsFile: Self.prompts.appendingPathComponent("svamp.yaml")))
        let records = (0..<3).map {
            SourceRecord(id: "s\($0)", dataset: .svamp, split: "train", index: $0, input: "Body \($0).\nQuestion?", label: "( 1.0 + \($0).0 )")
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
        let svamp = PromptOptions(exemplarsFile: Self.prompts.appendingPathComponent("svamp.yaml"), style: .chat, maxExemplars: 2)
        let asdiv = try PromptStage(dataset: .asdiv, options: svamp)
        #expect(asdiv.renderer.exemplars.exemplars.count == 2)
        #expect(throws: ExemplarFileError.self) { try PromptStage(dataset: .cqa, options: svamp) }
    }
}
