import Testing
@testable import StepwiseRationales

@Suite("e-SNLI paper rule")
struct ESNLIRulesTests {
    let parser = RationaleParser(dataset: .esnli, mode: .paper)

    @Test func splitsAtAnswerAndStopsAtNextPremise() {
        let out = parser.parse("A man on a horse is outdoors.  \nAnswer: entailment\n\nPremise: Two dogs run.\nHypothesis: x")
        #expect(out.rationale == "A man on a horse is outdoors.")
        #expect(out.label == "entailment")
        #expect(out.reason == nil)
    }

    @Test func labelRightStrippedOnly() {
        let out = parser.parse("Dogs are animals.\nAnswer:  neutral \n")
        #expect(out.label == " neutral")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func noAnswerColonSpaceGivesBlankLabel() {
        let out = parser.parse("The boy is young.\nAnswer:neutral")
        #expect(out.rationale == "The boy is young.")
        #expect(out.label == "")
        #expect(out.reason == .noAnswerPhrase)
    }

    @Test func withoutAnyAnswerTheWholeTextIsTheRationale() {
        let out = parser.parse("A toddler is a child. A child is a person.\n")
        #expect(out.rationale == "A toddler is a child. A child is a person.")
        #expect(out.reason == .noAnswerPhrase)
    }

    @Test func truncatedNextMarkerStaysInTheLabel() {
        let out = parser.parse("Guys are guys.\nAnswer: entailment\n\nPre")
        #expect(out.label == "entailment\n\nPre")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func emptyRationale() {
        let out = parser.parse("\u{00A0}\nAnswer: contradiction")
        #expect(out.rationale == "")
        #expect(out.label == "contradiction")
        #expect(out.reason == .emptyRationale)
    }
}
