import Testing
import StepwiseCore
@testable import StepwiseRationales

@Suite("duplicate_input filter")
struct DuplicateInputStageTests {
    func parsed(_ input: String, split: String = "train", index: Int, status: ParseStatus = .kept) -> ParsedRecord {
        let teacher = TestRecords.teacher(.esnli, completion: "R.\nAnswer: neutral", gold: "neutral", split: split, input: input, index: index)
        return ParsedRecord(teacher: teacher, rationale: "R.", teacherLabel: "neutral", status: status,
                            reason: status == .filtered ? "label_outside_space" : nil)
    }

    @Test func keepsTheFirstAcrossBatches() async throws {
        let stage = DuplicateInputStage()
        var c1 = BatchContext(stage: stage.name, counters: StageCounters(name: stage.name))
        let out1 = try await stage.process([parsed("a", index: 0), parsed("b", index: 1), parsed("a", index: 2)], context: &c1)
        #expect(out1.map(\.source.index) == [0, 1])
        #expect(c1.rejections.map(\.recordID) == ["esnli-train-2"])
        #expect(c1.rejections.map(\.reason) == ["duplicate_input"])
        var c2 = BatchContext(stage: stage.name, counters: StageCounters(name: stage.name))
        let out2 = try await stage.process(
            [parsed("b", index: 3), parsed("a", split: "test", index: 4), parsed("c", index: 6)],
            context: &c2)
        #expect(out2.map(\.source.index) == [4, 6])
        #expect(c2.rejections.map(\.recordID) == ["esnli-train-3"])
        #expect(c2.rejections.map(\.stage) == ["dedup"])
    }

    @Test func aResumedStageRemembersTheCommittedInputs() async throws {
        let committed = [parsed("a", index: 0), parsed("b", index: 1)].map { DuplicateInputStage.InputKey(of: $0.source) }
        let stage = DuplicateInputStage(remembering: committed)
        var c = BatchContext(stage: stage.name, counters: StageCounters(name: stage.name))
        let out = try await stage.process([parsed("b", index: 2), parsed("c", index: 3)], context: &c)
        #expect(out.map(\.source.index) == [3])
        #expect(c.rejections.map(\.reason) == ["duplicate_input"])
    }
}
