import Testing
@testable import StepwiseRationales

@Suite("robust mode")
struct RobustRecoveryTests {
    let choices = TestRecords.choices

    @Test func agreesWithPaperWhereThePaperLabelIsInTheSpace() {
        let completions = [
            "The man is outdoors.\nAnswer: entailment\n\nPremise: x",
            "Because.\nAnswer: neutral\nPremise: x\nAnswer: contradiction",
        ]
        for c in completions {
            #expect(RationaleParser(dataset: .esnli, mode: .robust).parse(c) == RationaleParser(dataset: .esnli, mode: .paper).parse(c))
        }
        let cqa = "Money. So the answer is (a) bank.\nQ: x"
        #expect(
            RationaleParser(dataset: .cqa, mode: .robust).parse(cqa, choices: choices)
                == RationaleParser(dataset: .cqa, mode: .paper).parse(cqa, choices: choices))
    }

    @Test func nliTruncatedMarkerAndCutWord() {
        let p = RationaleParser(dataset: .esnli, mode: .robust)
        let a = p.parse("Guys in wheelchairs are guys.\nAnswer: entailment\n\nPre")
        #expect(a == ParseOutcome(rationale: "Guys in wheelchairs are guys.", label: "entailment", reason: nil, recovered: true))
        #expect(p.parse("He walks.\nAnswer: entail").label == "entailment")
        #expect(p.parse("He walks.\nAnswer: contrad").label == "contradiction")
        // A cut word must end the completion.
        #expect(p.parse("He walks.\nAnswer: neu sentence").reason == .labelOutsideSpace)
    }

    @Test func nliOtherPhrasesAndCase() {
        let p = RationaleParser(dataset: .anli, mode: .robust)
        let a = p.parse("Shameless was born in 1995, so the answer is contradiction.\n\nPremise: x\nHypothesis: y")
        #expect(a.label == "contradiction")
        #expect(a.rationale == "Shameless was born in 1995")
        #expect(a.recovered)
        #expect(p.parse("It is 10 years. Therefore, the answer is Entailment.").label == "entailment")
        #expect(p.parse("It is 10 years. Hence the answer is **neutral**.").label == "neutral")
        #expect(p.parse("The hypothesis contradicts it.\nANSWER: Contradicts").label == "contradiction")
    }

    @Test func nliChatStyle() {
        let p = RationaleParser(dataset: .esnli, mode: .robust)
        let a = p.parse("Premise: A dog runs.\nHypothesis: An animal moves.\nRationale: A dog is an animal and running is moving.\nHence the answer is entailment.")
        #expect(a.rationale == "A dog is an animal and running is moving.")
        #expect(a.label == "entailment")
    }

    @Test func restatedAnswerIsFineButAConflictIsNot() {
        let p = RationaleParser(dataset: .anli, mode: .robust)
        let same = p.parse("It is 1981. So the answer is neutral. So the answer is neutral.")
        #expect(same.rationale == "It is 1981.")
        #expect(same.label == "neutral")
        let conflict = p.parse("It is 1981. So the answer is neutral. So the answer is entailment.")
        #expect(conflict.reason == .labelOutsideSpace)
    }

    @Test func cqaCaseAndPunctuationVariants() {
        let p = RationaleParser(dataset: .cqa, mode: .robust)
        #expect(p.parse("Govt. So the answer is (d) French government.", choices: choices).label == "french government")
        #expect(p.parse("Citizen. So the answer is (e) being an upstanding citizen", choices: choices).label == "being an upstanding citizen.")
        #expect(p.parse("Keep it. So the answer is (c) pocket,", choices: choices).label == "pocket")
    }

    @Test func cqaLetterWithoutTextAndTextWithoutLetter() {
        let p = RationaleParser(dataset: .cqa, mode: .robust)
        #expect(p.parse("Money goes there. So the answer is (b).", choices: choices).label == "river bed")
        #expect(p.parse("Money goes there. The answer is B.", choices: choices).label == "river bed")
        #expect(p.parse("Money goes there. So the answer is the bank.", choices: choices).label == "bank")
        // The text names a choice: it wins over a mismatching letter.
        #expect(p.parse("Money goes there. So the answer is (c) bank", choices: choices).label == "bank")
        // Two letters name no single answer.
        #expect(p.parse("Shops. So the answer is either (a) bank, (b) river bed, or (c) pocket.", choices: choices).reason == .labelOutsideSpace)
        let two = p.parse("Water. So the answer is (b) river bed or (a) bank.", choices: choices)
        #expect(two.reason == .labelOutsideSpace)
        #expect(two.label == "river bed or")
        #expect(p.parse("Shirts. So the answer is one of these four.", choices: choices).reason == .labelOutsideSpace)
    }

    @Test func equationsWithAndWithoutParentheses() {
        let p = RationaleParser(dataset: .svamp, mode: .robust)
        let a = p.parse("7 * 6 is 42. The answer is 7 * 6.\n\nQ: next")
        #expect(a == ParseOutcome(rationale: "7 * 6 is 42.", label: "7 * 6", reason: nil, recovered: true))
        #expect(p.parse("So 42. The answer is 42.").label == "42")
        #expect(p.parse("So. The answer is (95 * 118) + (11,210 / 84).").label == "(95 * 118) + (11210 / 84)")
        #expect(p.parse("So. the answer is: $ 5 × 3 dollars").label == "5 * 3")
        #expect(p.parse("So. The answer is ((415 - 309) - (41").reason == .labelOutsideSpace)
        #expect(p.parse("So. The answer is x = 5").reason == .labelOutsideSpace)
        #expect(p.parse("So. The answer is (53 + 17) and (14 - 10).").reason == .labelOutsideSpace)
        #expect(p.parse("So. The answer is 42 apples. He has 3 left.").label == "42")
        #expect(p.parse("So 3 + 4 = 7 apples, so he has 7.").reason == .noAnswerPhrase)
    }

    @Test func emptyRecoveredRationale() {
        let p = RationaleParser(dataset: .esnli, mode: .robust)
        let out = p.parse("The answer is neutral.")
        #expect(out.label == "neutral")
        #expect(out.reason == .emptyRationale)
    }

    @Test func nothingToRecover() {
        let p = RationaleParser(dataset: .esnli, mode: .robust)
        #expect(p.parse("not watched at all\nAnswer: not watched at all").reason == .labelOutsideSpace)
        #expect(p.parse("A toddler is a child. A child is a person.").reason == .noAnswerPhrase)
    }
}
