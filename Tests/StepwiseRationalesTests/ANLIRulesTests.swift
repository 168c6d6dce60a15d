import Testing
@testable import StepwiseRationales

@Suite("ANLI paper rule")
struct ANLIRulesTests {
    let parser = RationaleParser(dataset: .anli, mode: .paper)

    @Test func cutsAtPremiseAndDropsThePeriod() {
        let out = parser.parse(
            "The film came out in 1981. So the answer is contradiction.\n\nPremise: A season.\nHypothesis: A season.\nAnswer: Same. So the answer is entailment.")
        #expect(out.rationale == "The film came out in 1981.")
        #expect(out.label == "contradiction")
        #expect(out.reason == nil)
    }

    @Test func lastCharacterIsDroppedWhateverItIs() {
        let out = parser.parse("Born in 1995. So the answer is neutral")
        #expect(out.label == "neutra")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func lastCodePointNotLastByte() {
        let out = parser.parse("X. So the answer is neutralé")
        #expect(out.label == "neutral")
    }

    @Test func noPhraseGivesBlanks() {
        let out = parser.parse("Born in 1995, so the answer is contradiction.\n\nPremise: x")
        #expect(out.rationale == "")
        #expect(out.label == "")
        #expect(out.reason == .noAnswerPhrase)
    }

    @Test func twoPhrasesGiveBlanks() {
        let out = parser.parse("A. So the answer is neutral. So the answer is neutral.")
        #expect(out.rationale == "")
        #expect(out.label == "")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func emptyRationaleBeforeThePhrase() {
        let out = parser.parse("  So the answer is entailment.")
        #expect(out.label == "entailment")
        #expect(out.reason == .emptyRationale)
    }
}
