import StepwiseCore
import Testing

@testable import StepwiseRationales

@Suite("label kinds: numbers, text, classes with synonyms, gold labels")
struct LabelKindTests {
    @Test("numbers are read as people write them, into one spelling", arguments: [
        ("1000", "1000"), ("1,000", "1000"), ("1000.0", "1000"), ("$18", "18"), ("18.", "18"), (" -3 ", "-3"),
        ("$1,234.50", "1234.5"), (".5", "0.5"), ("0.50", "0.5"), ("-0", "0"), ("+7", "7"), ("1e3", "1000"),
        ("2.5E-2", "0.025"), ("50%", "50"), ("-$5", "-5"), ("$-5", "-5"), ("€12", "12"), ("3/4", "3/4"), ("-06/8", "-6/8"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
    ])
    func numbers(text: String, canonical: String) {
        #expect(NumberLabel(text)?.canonical == canonical)
    }

    @Test("what is not a number", arguments: [
        "", "abc", "12,34", "1234,567", "1,2345", "--3", "3/0", "1e999", "12 apples", "$", ".", "1.2.3", "(5)", "5 + 3",
        String(repeating: "9", count: 300),
    ])
    func notNumbers(text: String) {
        #expect(NumberLabel(text) == nil)
    }

    @Test func numericEquality() throws {
        func same(_ a: String, _ b: String) -> Bool { LabelSpace.number.same(a, b) }
        #expect(same("1,000", "1000.00"))
        #expect(same("$18", "18"))
        #expect(same("0.1", "0.10000001"))  // relative 1e-6
        #expect(!same("0.1", "0.1001"))
        #expect(same("3/4", "0.75"))
        #expect(!same("123456789012345678901", "123456789012345678902"))  // integers: exact, any size
        #expect(!same("18", "abc"))
        #expect(LabelSpace.number.teacherCorrect(teacherLabel: "many", gold: "3") == nil)
    }

    @Test("text answers compare after QA normalisation")
    func text() {
        #expect(QANormalization.normalise("The  Eiffel Tower!") == "eiffel tower")
        #expect(QANormalization.normalise("an apple, a day") == "apple day")
        #expect(LabelSpace.text.same("Paris.", "paris"))
        #expect(!LabelSpace.text.same("Paris", "Lyon"))
        #expect(!LabelSpace.text.contains(" the . "))
        #expect(LabelSpace.text.contains("Ünïcode"))
    }

    static let sentiment = LabelSpec(
        kind: .classes, classes: ["positive", "negative"],
        synonyms: [.init("pos", means: "positive"), .init("neg", means: "negative")])

    @Test("gold labels: classes case-insensitive with synonyms and HF integer labels")
    func goldClasses() throws {
        #expect(try Self.sentiment.goldLabel("Positive", choices: nil) == "positive")
        #expect(try Self.sentiment.goldLabel(" NEG ", choices: nil) == "negative")
        #expect(try Self.sentiment.goldLabel("1", choices: nil) == "negative")
        #expect(throws: LabelError.self) { try Self.sentiment.goldLabel("mixed", choices: nil) }
        #expect(throws: LabelError.self) { try Self.sentiment.goldLabel("2", choices: nil) }
    }

    @Test("gold labels: choices by text, letter or index; numbers; equations; text")
    func goldOthers() throws {
        let choices = LabelSpec(kind: .choices)
        let list = ["red", "Green", "blue"]
        #expect(try choices.goldLabel("green", choices: list) == "Green")
        #expect(try choices.goldLabel("(c)", choices: list) == "blue")
        #expect(try choices.goldLabel("B", choices: list) == "Green")
        #expect(try choices.goldLabel("0", choices: list) == "red")
        #expect(throws: LabelError.self) { try choices.goldLabel("D", choices: list) }
        #expect(throws: LabelError.self) { try choices.goldLabel("red", choices: nil) }
        #expect(try LabelSpec(kind: .number).goldLabel("1,250", choices: nil) == "1250")
        #expect(throws: LabelError.self) { try LabelSpec(kind: .number).goldLabel("twelve", choices: nil) }
        #expect(try LabelSpec(kind: .equation).goldLabel(" (3 + 4) ", choices: nil) == "(3 + 4)")
        #expect(try LabelSpec(kind: .text).goldLabel(" Paris\n", choices: nil) == "Paris")
        #expect(throws: LabelError.self) { try LabelSpec(kind: .text).goldLabel("  ", choices: nil) }
    }
}
