import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLoaders

@Suite struct ESNLILoaderTests {
    let esnli = dataDirectory.appendingPathComponent("esnli")

    func options(_ source: URL, _ format: SourceFormat = .official, skip: Bool = false) -> TestLoad {
        TestLoad(dataset: "esnli", format: format, source: source, onBadRecord: skip ? .skip : .fail)
    }

    @Test func officialTrainReadsBothFilesInOrderWithOneIndexSequence() async throws {
        let result = try await load(options(esnli), split: "train")
        #expect(result.records.count == 15)
        #expect(result.records.map(\.index) == Array(0..<15))
        let first = try #require(result.records.first)
        #expect(first.id == "3000000.jpg#0r1e")
        #expect(first.input == "A man in a red jacket is climbing a rock wall.</s>A person is climbing.")
        #expect(first.label == "entailment")
        #expect(first.explanation == "A man climbing a rock wall is a person climbing.")
        #expect(first.fields.map(\.0) == ["pairID", "gold_label", "Sentence1", "Sentence2", "Explanation_1", "WorkerId"])
        #expect(first.choices == nil)
        // The tenth pair comes from esnli_train_2.csv: a premise with a line break inside quotes.
        #expect(result.records[9].input.hasPrefix("A woman plays the cello on a crowded subway platform,\nher case"))
        #expect(result.records[9].field("Sentence1") == .string("A woman plays the cello on a crowded subway platform,\nher case open for coins."))
    }

    @Test func quotedFieldsAreTakenAsTheSourceHasThem() async throws {
        let valid = try await load(options(esnli), split: "valid").records
        let padded = try #require(valid.first { $0.input.hasPrefix("  A dog") })
        #expect(padded.input == "  A dog, wet and muddy, shakes itself next to a startled jogger. </s>An animal is wet.")
        #expect(padded.field("Explanation_2") == .string("Another annotator agrees, \"mostly\"."))
        let test = try await load(options(esnli), split: "test").records
        #expect(test.first?.input == "The sign reads \"No parking, ever\", yet three cars are parked there.</s>Cars are parked by a sign.")
    }

    @Test(arguments: ["train", "valid", "test"])
    func officialAndReferenceAgree(split: String) async throws {
        let official = try await load(options(esnli), split: split).records
        let reference = try await load(options(esnli, .referenceJSONL), split: split).records
        #expect(official.count == reference.count)
        #expect(official.map(\.input) == reference.map(\.input))
        #expect(official.map(\.label) == reference.map(\.label))
        #expect(official.map(\.explanation) == reference.map(\.explanation))
        #expect(reference.first?.id == "esnli-\(split)-0")
    }

    static let badCSV =
        "pairID,gold_label,Sentence1,Sentence2,Explanation_1\n" + "p0,entailment,A man sleeps.,A man rests.,Sleeping is resting.\n"
        + "p1,-,A man sleeps.,A man runs.,No agreement.\n" + "p2,neutral,\"A \"bad\" quote\",B,E\n" + "p3,neutral,A,B\n"
        + "p4,contradiction,BAD,B,E\n" + "p5,neutral,\"Two\nlines\",B,E\n"

    func badSource() throws -> URL {
        let dir = try temporaryDirectory()
        var data = Data(Self.badCSV.utf8)
        let bad = try #require(data.range(of: Data("BAD".utf8)))
        data.replaceSubrange(bad, with: [0x41, 0xFF, 0x42])
        try write(data, to: "esnli_dev.csv", in: dir)
        return dir
    }

    @Test func badRecordsFailNamingFileLineAndProblem() async throws {
        let dir = try badSource()
        let error = try await loadError(options(dir), split: "valid")
        #expect(error.kind == .unknownLabel)
        #expect(error.line == 3)
        #expect(error.recordIndex == 1)
        #expect(error.recordID == "p1")
        #expect(error.description.hasPrefix(dir.appendingPathComponent("esnli_dev.csv").path + ":3: "))
        #expect(error.description.contains("unknown gold_label '-'"))
    }

    @Test func badRecordsAreSkippedCountedAndWritten() async throws {
        let result = try await load(options(try badSource(), skip: true), split: "valid")
        #expect(result.records.map(\.id) == ["p0", "p5"])
        #expect(result.records.map(\.index) == [0, 5])
        #expect(result.records[1].input == "Two\nlines</s>B")
        #expect(result.counters.dropped == ["bad_record": 4])
        #expect(result.rejects.map { $0["problem_kind"]?.stringValue } == ["unknown_label", "csv_quoting", "wrong_field_count", "invalid_utf8"])
        #expect(result.rejects.map { $0["line"]?.intValue } == [3, 4, 5, 6])
        #expect(result.rejects.map { $0["index"]?.intValue } == [1, 2, 3, 4])
        #expect(result.rejects.allSatisfy { $0["stage"] == "load" && $0["reason"] == "bad_record" })
        #expect(result.rejects[0]["file"]?.stringValue?.hasSuffix("esnli_dev.csv") == true)
    }

    @Test func aMissingColumnFailsEvenWhenSkipping() async throws {
        let dir = try temporaryDirectory()
        try write("pairID,gold_label,Sentence1,Sentence2\np0,neutral,A,B\n", to: "esnli_test.csv", in: dir)
        let error = try await loadError(options(dir, skip: true), split: "test")
        #expect(error.kind == .missingField)
        #expect(error.line == 1)
        #expect(error.message.contains("no column 'Explanation_1'"))
    }

    @Test func referenceBadLinesAreNamed() async throws {
        let dir = try temporaryDirectory()
        let lines = [
            #"{"premise":"P","hypothesis":"H","label":0,"explanation_1":"E"}"#,
            #"{"premise":"P","hypothesis":"H","label":7,"explanation_1":"E"}"#,
            #"{"premise":"P","label":1}"#,
            #"{"premise":"P","hypothesis":"H","lab"#,
        ]
        var data = Data((lines.joined(separator: "\n") + "\n").utf8)
        data += Data(#"{"premise":"caf"#.utf8) + Data([0xE9]) + Data(#"","hypothesis":"H","label":0}"#.utf8) + Data("\n".utf8)
        try write(data, to: "esnli_test.json", in: dir)
        let result = try await load(options(dir, .referenceJSONL, skip: true), split: "test")
        #expect(result.records.count == 1)
        #expect(
            result.rejects.map { $0["problem_kind"]?.stringValue } == [
                "unknown_label", "missing_field", "invalid_json", "invalid_utf8",
            ])
        #expect(result.rejects[2]["problem"]?.stringValue?.contains("truncated JSON line") == true)
        #expect(result.rejects.map { $0["line"]?.intValue } == [2, 3, 4, 5])
        #expect(result.rejects.map { $0["id"]?.stringValue } == ["esnli-test-1", "esnli-test-2", "esnli-test-3", "esnli-test-4"])
    }

    @Test func aPlainFileSourceIsTheSplitsFile() async throws {
        let result = try await load(options(esnli.appendingPathComponent("esnli_dev.csv")), split: "valid")
        #expect(result.records.count == 9)
    }
}
