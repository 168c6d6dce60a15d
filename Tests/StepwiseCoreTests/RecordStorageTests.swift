import Testing

@testable import StepwiseCore

/// Records keep value semantics with their shared storage, and a tokenized example's
/// columns read back as they were given.
@Suite struct RecordStorageTests {
    func source(_ id: String = "r1") -> SourceRecord {
        SourceRecord(
            id: id, dataset: "esnli", split: "train", index: 3, fields: [("premise", .string("A dog."))],
            input: "A dog.</s>An animal.", label: "entailment", explanation: "Dogs are animals.")
    }

    @Test("changing a copy of a record leaves the original alone")
    func copyOnWrite() {
        let original = source()
        var copy = original
        copy.input = "changed"
        copy.fields.append(("hypothesis", .string("An animal.")))
        copy.position = 99
        #expect(original.input == "A dog.</s>An animal.")
        #expect(original.fields.count == 1)
        #expect(original.position == 3)
        #expect(copy.input == "changed" && copy.fields.count == 2 && copy.position == 99)
        #expect(copy != original)
        var same = original
        same.label = "entailment"  // a write of the same value keeps equality
        #expect(same == original)
    }

    @Test("a record without an explicit position is at its index")
    func position() {
        #expect(source().position == 3)
        #expect(SourceRecord(id: "x", dataset: "svamp", split: "train", index: 2, input: "", label: "", position: 7).position == 7)
    }

    func example() -> TokenizedExample {
        let parsed = ParsedRecord(
            teacher: TeacherRecord(
                prompted: PromptedRecord(source: source(), prompt: .text("p")), completion: "c", cached: true, attempts: 0),
            rationale: "Dogs are animals.", teacherLabel: "entailment", status: .kept, teacherCorrect: true)
        return TokenizedExample(
            parsed: parsed, inputIds: [1, 2, 3], explInputIds: [4, 5], labels: [], teacherLabels: [6], auxLabels: [7, 8, 9, 1],
            truncated: ["aux_labels"])
    }

    @Test("the five token columns read back as given, each also without a copy")
    func columns() {
        let e = example()
        #expect(e.inputIds == [1, 2, 3])
        #expect(e.explInputIds == [4, 5])
        #expect(e.labels == [])
        #expect(e.teacherLabels == [6])
        #expect(e.auxLabels == [7, 8, 9, 1])
        #expect((0..<5).map { k in e.withColumn(k) { Array($0) } } == [[1, 2, 3], [4, 5], [], [6], [7, 8, 9, 1]])
    }

    @Test("replacing one column keeps the others")
    func replaceColumn() {
        var e = example()
        e.explInputIds = [10, 11, 12, 13]
        e.labels = [14]
        e.inputIds = []
        #expect(e.inputIds == [])
        #expect(e.explInputIds == [10, 11, 12, 13])
        #expect(e.labels == [14])
        #expect(e.teacherLabels == [6])
        #expect(e.auxLabels == [7, 8, 9, 1])
        let rebuilt = TokenizedExample(
            parsed: e.parsed, inputIds: [], explInputIds: [10, 11, 12, 13], labels: [14], teacherLabels: [6],
            auxLabels: [7, 8, 9, 1], truncated: ["aux_labels"])
        #expect(e == rebuilt)
        #expect(e != example())
    }
}
