import Testing
import StepwiseCore
@testable import StepwiseRationales

@Suite("teacher accuracy")
struct TeacherAccuracyTests {
    @Test func formatsLikeThePaper() {
        let acc = TeacherAccuracy(splits: ["test": TeacherAccuracy.Tally(correct: 1, total: 3), "train": TeacherAccuracy.Tally(correct: 7234, total: 9741)])
        #expect(acc.formattedLines() == ["LLM Train Acc: 0.7426 (7234/9741)", "LLM Test Acc: 0.3333 (1/3)"])
        #expect(acc.jsonValue["train"]?["correct"] == 7234)
        #expect(TeacherAccuracy().formattedLines().isEmpty)
    }

    @Test func addCountsWrongAndUnparsedButNotFailedTeachers() {
        var acc = TeacherAccuracy()
        let r = TestRecords.teacher(.esnli, completion: "x", gold: "neutral", split: "valid")
        acc.add(ParsedRecord(teacher: r, rationale: "x", teacherLabel: "neutral", status: .kept, teacherCorrect: true))
        acc.add(ParsedRecord(teacher: r, rationale: "", teacherLabel: "", status: .filtered, reason: "no_answer_phrase"))
        let failed = TestRecords.teacher(.esnli, completion: nil, gold: "neutral", split: "valid")
        acc.add(ParsedRecord(teacher: failed, rationale: "", teacherLabel: "", status: .filtered, reason: "teacher_failed"))
        #expect(acc.splits["valid"] == TeacherAccuracy.Tally(correct: 1, total: 2))
    }

    @Test func rebuildsFromStageCounts() {
        let counts = [
            TeacherAccuracy.countName(correct: false, split: "train"): 10,
            TeacherAccuracy.countName(correct: true, split: "train"): 4, "recovered": 3,
        ]
        #expect(TeacherAccuracy(counts: counts).splits == ["train": TeacherAccuracy.Tally(correct: 4, total: 10)])
    }
}
