import Testing
@testable import StepwiseRationales

@Suite("CQA paper rule")
struct CQARulesTests {
    let parser = RationaleParser(dataset: .cqa, mode: .paper)
    let choices = TestRecords.choices

    @Test func textAfterTheChoiceMarker() {
        let out = parser.parse(
            "Money is kept in a bank. So the answer is (a) bank.\n\nQ: Where?\nAnswer Choices:\n(a) x\nA: So the answer is (b) y.",
            choices: choices)
        #expect(out.rationale == "Money is kept in a bank.")
        #expect(out.label == "bank")
        #expect(out.reason == nil)
    }

    @Test func labelRunsToTheNextMarker() {
        let out = parser.parse("Water. So the answer is (b) river bed or (a) bank.", choices: choices)
        #expect(out.label == "river bed or")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func onlyOneTrailingPeriodIsRemoved() {
        let out = parser.parse("Citizens. So the answer is (e) being an upstanding citizen..", choices: choices)
        #expect(out.label == "being an upstanding citizen.")
        #expect(out.reason == nil)
    }

    @Test func noMarkerGivesBlankLabel() {
        let out = parser.parse("Shirts go in many places. So the answer is one of these four.", choices: choices)
        #expect(out.rationale == "Shirts go in many places.")
        #expect(out.label == "")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func markerWithNothingAfterItGivesBlankLabel() {
        #expect(parser.parse("It is a bank. So the answer is (a)", choices: choices).label == "")
    }

    @Test func markerIsAnyOneCodePointButNewline() {
        #expect(parser.parse("R. So the answer is (é) pocket", choices: choices).label == "pocket")
        #expect(parser.parse("R. So the answer is (\n) pocket", choices: choices).label == "")
    }

    @Test func caseVariantIsOutsideTheSpaceInPaperMode() {
        let out = parser.parse("French. So the answer is (d) French government.", choices: choices)
        #expect(out.label == "French government")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func noPhrase() {
        let out = parser.parse("The answer is (a) bank.", choices: choices)
        #expect(out.reason == .noAnswerPhrase)
        #expect(out.label == "")
    }
}
