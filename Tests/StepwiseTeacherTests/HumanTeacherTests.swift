import Foundation
import StepwiseCore
import Testing

@testable import StepwiseTeacher

struct HumanTeacherTests {
    @Test("the explanation and gold label, written in the dataset's answer format")
    func answers() async throws {
        let records = [
            SourceRecord(id: "e", dataset: "esnli", split: "train", index: 0, input: "p </s> h", label: "neutral", explanation: "Not given "),
            SourceRecord(
                id: "c", dataset: "cqa", split: "train", index: 1, input: "q", label: "bridge",
                explanation: "bums live under bridges.", choices: ["bus depot", "beach", "train station", "bridge", "bridge"]),
            SourceRecord(id: "s", dataset: "svamp", split: "train", index: 2, input: "q", label: "( 84.0 / 2.0 )"),
        ].map { PromptedRecord(source: $0, prompt: .text("")) }
        let stage = try TeacherStage(kind: .human, cache: nil)
        var context = makeContext()
        let out = try await stage.process(records, context: &context)
        // The answer format is the dataset's (its descriptor gives it; here the test's).
        #expect(out.map(\.completion) == ["Not given  The answer is neutral.", "bums live under bridges. The answer is bridge."])
        #expect(out.allSatisfy { $0.cached && $0.attempts == 0 })
        #expect(context.rejections.map(\.reason) == ["no_explanation"])
    }
}
