import StepwiseCore
import Testing

@testable import StepwiseRationales

/// The answer rules of a task described in a pipeline file, for every label kind.
@Suite("task answer rules")
struct TaskRulesTests {
    static func parser(
        _ labels: LabelSpec, phrases: [String] = ["So the answer is", "The answer is"], marker: String? = "Q:",
        pattern: String? = nil, mode: ParseMode
    ) throws -> RationaleParser {
        let rules = AnswerRules.task(
            labels: labels, answerPhrases: phrases, exemplarMarker: marker, labelPattern: try pattern.map { try TextPattern($0) })
        return RationaleParser(rules: rules, mode: mode)
    }

    static let sentiment = LabelKindTests.sentiment

    @Test("classes: the phrase, a class or synonym in any case, decorations ignored")
    func classes() throws {
        let strict = try Self.parser(Self.sentiment, mode: .paper)
        let robust = try Self.parser(Self.sentiment, mode: .robust)
        for mode in [strict, robust] {
            let out = mode.parse("It broke at once. So the answer is **Negative**.")
            #expect(out.label == "negative" && out.rationale == "It broke at once." && out.reason == nil)
            #expect(mode.parse("Loved it. So the answer is pos.").label == "positive")
            #expect(mode.parse("Meh. So the answer is mixed.").reason == .labelOutsideSpace)
            #expect(mode.parse("Meh. So the answer is mixed.").label == "mixed.")
        }
        // Robust: other wordings and case of the phrase; a class word in the sentence.
        #expect(strict.parse("Good. so the answer is positive.").reason == .noAnswerPhrase)
        #expect(robust.parse("Good. so the answer is positive.").label == "positive")
        #expect(robust.parse("Good.\nAnswer: I would say positive overall.").label == "positive")
        #expect(robust.parse("Hmm. The answer is positive or negative.").reason == .labelOutsideSpace)
    }

    @Test("the completion is cut at an invented next exemplar")
    func exemplarCut() throws {
        let p = try Self.parser(LabelSpec(kind: .number), mode: .paper)
        let out = p.parse("3 + 4 = 7. The answer is 7.\n\nQ: Tom has 2 apples. The answer is 2.")
        #expect(out.label == "7")
        let first = p.parse("Q: restated question\nSo 2 + 2 = 4. The answer is 4.")
        #expect(first.label == "4")
    }

    @Test("numbers: canonical spelling, the first number after the phrase, #### works too")
    func numbers() throws {
        let p = try Self.parser(LabelSpec(kind: .number), phrases: ["The answer is", "####"], mode: .paper)
        #expect(p.parse("8 * 250 = 2000. The answer is $2,000 in all.").label == "2000")
        #expect(p.parse("It is 4.50 liters. The answer is 4.50.").label == "4.5")
        #expect(p.parse("Steps.\n#### 18").label == "18")
        #expect(p.parse("Steps. The answer is a lot.").reason == .labelOutsideSpace)
        #expect(p.parse("Steps. The answer is -3 degrees.").label == "-3")
        // The earliest phrase wins.
        #expect(p.parse("Steps. The answer is 5.\n#### 6").label == "5")
    }

    @Test("label_pattern picks the label out of the text after the phrase")
    func pattern() throws {
        let p = try Self.parser(LabelSpec(kind: .number), phrases: ["Final:"], pattern: #"\[(\d+)\]"#, mode: .paper)
        #expect(p.parse("Work. Final: boxed [42] units").label == "42")
        #expect(p.parse("Work. Final: 42").reason == .labelOutsideSpace)
    }

    @Test("text: kept as written, compared after normalisation")
    func text() throws {
        let p = try Self.parser(LabelSpec(kind: .text), mode: .robust)
        let out = p.parse("The tower is in Paris. So the answer is \"Paris, France\".")
        #expect(out.label == "Paris, France" && out.reason == nil)
        #expect(LabelSpace.text.same(out.label, "paris france"))
        #expect(p.parse("Hmm. So the answer is ...").reason == .labelOutsideSpace)
    }

    @Test("choices: text or letter, among up to 26 choices")
    func choices() throws {
        let p = try Self.parser(LabelSpec(kind: .choices), mode: .paper)
        let many = (0..<8).map { "option \($0)" }
        #expect(p.parse("Because. So the answer is (g).", choices: many).label == "option 6")
        #expect(p.parse("Because. So the answer is option 3.", choices: many).label == "option 3")
        #expect(p.parse("Because. So the answer is (z).", choices: many).reason == .labelOutsideSpace)
    }

    @Test("equations: as SVAMP, by value")
    func equations() throws {
        let p = try Self.parser(LabelSpec(kind: .equation), mode: .paper)
        #expect(p.parse("Add them. The answer is (3 + 4).").label == "(3 + 4)")
        #expect(p.parse("Add them. The answer is 3 + 4.").label == "3 + 4")
    }

    @Test("any bytes: every completion is parsed or rejected, never a trap", arguments: ParseMode.allCases)
    func anyInput(mode: ParseMode) throws {
        let kinds = [Self.sentiment, LabelSpec(kind: .number), LabelSpec(kind: .text), LabelSpec(kind: .choices), LabelSpec(kind: .equation)]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["The answer is", "So the answer is", "####", "Q:", "\n", " ", "(", ")", "1,0", "$", ".", "é", "\u{0}", "positive", "-", "/0"]
        for labels in kinds {
            let p = try Self.parser(labels, phrases: ["The answer is", "####"], mode: mode)
            for _ in 0..<300 {
                let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let out = p.parse(text, choices: ["a", "b"])
                if out.reason == nil { #expect(LabelSpace(labels, choices: ["a", "b"]).contains(out.label), "\(text.debugDescription)") }
            }
        }
    }
}
