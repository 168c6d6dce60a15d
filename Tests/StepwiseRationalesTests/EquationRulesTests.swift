import Testing
@testable import StepwiseRationales

@Suite("SVAMP / ASDiv paper rule")
struct EquationRulesTests {
    let parser = RationaleParser(dataset: .svamp, mode: .paper)

    @Test func firstParenthesisedSpanAfterThePhrase() {
        let out = parser.parse("84 / 2 = 42. The answer is (84 / 2).\n\nQ: There are 15 trees.\nA: The answer is (21 - 15).")
        #expect(out.rationale == "84 / 2 = 42.")
        #expect(out.label == "(84 / 2)")
        #expect(out.reason == nil)
    }

    @Test func greedyToTheLastParenthesisOnTheLine() {
        let out = parser.parse("So. The answer is (3 + 4) * (2 - 1) apples (really).")
        #expect(out.label == "(3 + 4) * (2 - 1) apples (really)")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func spanDoesNotCrossALine() {
        #expect(parser.parse("So. The answer is (3 +\n4) or (5 * 2).").label == "(5 * 2)")
    }

    @Test func withoutParenthesesTheLabelIsBlank() {
        let out = parser.parse("7 * 6 is 42. The answer is 42.")
        #expect(out.label == "")
        #expect(out.reason == .labelOutsideSpace)
    }

    @Test func unknownsAreOutsideTheSpace() {
        #expect(parser.parse("So 3 * x = 12. The answer is (3 * x).").reason == .labelOutsideSpace)
    }

    @Test func noPhrase() {
        let out = parser.parse("Jake has 8 fewer peaches. So Steven has 18 - 26")
        #expect(out.reason == .noAnswerPhrase)
        #expect(out.rationale == "")
    }

    @Test func asdivUsesTheSameRule() {
        let out = RationaleParser(dataset: .asdiv, mode: .paper).parse("9 + 6 = 15. The answer is (9 + 6).")
        #expect(out.label == "(9 + 6)")
    }
}
