import Testing
import StepwiseCore
@testable import StepwiseRationales

@Suite("label spaces")
struct LabelSpaceTests {
    @Test func membership() {
        #expect(LabelSpace.classes(nliLabelWords).contains("neutral"))
        #expect(!LabelSpace.classes(nliLabelWords).contains("Neutral"))
        let cqa = LabelSpace(DatasetName.cqa.rules.labels, choices: TestRecords.choices)
        #expect(cqa.contains("river bed"))
        #expect(!cqa.contains("river"))
        #expect(!LabelSpace(DatasetName.cqa.rules.labels, choices: nil).contains("bank"))
        #expect(LabelSpace(DatasetName.svamp.rules.labels, choices: nil).contains("(3 + 4)"))
        #expect(!LabelSpace.equation.contains("(3 + x)"))
    }

    @Test func correctness() {
        #expect(LabelSpace.classes(nliLabelWords).teacherCorrect(teacherLabel: "neutral", gold: "neutral") == true)
        #expect(LabelSpace.classes(nliLabelWords).teacherCorrect(teacherLabel: "neutral", gold: "entailment") == false)
        #expect(LabelSpace.classes(nliLabelWords).teacherCorrect(teacherLabel: "neutra", gold: "neutral") == nil)
        #expect(LabelSpace.equation.teacherCorrect(teacherLabel: "(7 * 30)", gold: "( 7.0 * 30.0 )") == true)
        #expect(LabelSpace.equation.teacherCorrect(teacherLabel: "(30 / 7) * 7", gold: "30") == true)
        #expect(LabelSpace.equation.teacherCorrect(teacherLabel: "(7 / 0)", gold: "7") == false)
    }
}
