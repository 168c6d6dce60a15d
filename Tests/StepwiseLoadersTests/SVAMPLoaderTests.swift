import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLoaders

@Suite struct SVAMPLoaderTests {
    let svamp = dataDirectory.appendingPathComponent("svamp")

    func options(_ source: URL, _ format: SourceFormat = .official, skip: Bool = false) -> TestLoad {
        TestLoad(dataset: "svamp", format: format, source: source, onBadRecord: skip ? .skip : .fail)
    }

    @Test(arguments: ["train", "test"])
    func thePapersSplitMatchesNumpy(split: String) async throws {
        // svamp_<split>.json was written by scripts/loaders/make_samples.py with numpy itself.
        let official = try await load(options(svamp), split: split).records
        let reference = try await load(options(svamp, .referenceJSONL), split: split).records
        #expect(official.count == (split == "train" ? 800 : 200))
        #expect(official.map(\.input) == reference.map(\.input))
        #expect(official.map(\.label) == reference.map(\.label))
        #expect(official.map(\.index) == Array(0..<official.count))
        #expect(reference.first?.id == "svamp-\(split)-0")
    }

    @Test func recordsKeepTheirIDAndRawFields() async throws {
        let first = try #require(try await load(options(svamp), split: "train").records.first)
        // numpy RandomState(0).permutation(1000) starts with 993: the problem with ID syn-994.
        #expect(first.id == "syn-994")
        #expect(first.fields.map(\.0) == ["ID", "Body", "Question", "Equation", "Answer", "Type"])
        #expect(first.input == "\(first.field("Body")!.stringValue!)\n\(first.field("Question")!.stringValue!)")
        #expect(first.label == first.field("Equation")?.stringValue)
        #expect(first.explanation == nil)
    }

    func problems(_ count: Int, broken: Int? = nil) -> String {
        let items = (0..<count).map { i in
            i == broken
                ? #"{"ID": "p\#(i)", "Body": "B\#(i)", "Equation": "( 1.0 + 1.0 )"}"#
                : #"{"ID": "p\#(i)", "Body": "B\#(i)", "Question": "Q\#(i)?", "Equation": "( \#(i).0 + 1.0 )", "Answer": \#(i + 1).0, "Type": "Addition"}"#
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }

    @Test func aFileWithFewerProblemsUsesPermutationOfItsLength() async throws {
        let dir = try temporaryDirectory()
        try write(problems(10), to: "SVAMP.json", in: dir)
        // numpy RandomState(0).permutation(10) == [2, 8, 4, 9, 1, 6, 7, 3, 0, 5]; 10 * 4 / 5 = 8 train.
        #expect(try await load(options(dir), split: "train").records.map(\.id) == ["p2", "p8", "p4", "p9", "p1", "p6", "p7", "p3"])
        #expect(try await load(options(dir), split: "test").records.map(\.id) == ["p0", "p5"])
    }

    @Test func aProblemMissingAFieldIsABadRecord() async throws {
        let dir = try temporaryDirectory()
        try write(problems(10, broken: 4), to: "SVAMP.json", in: dir)
        let error = try await loadError(options(dir), split: "train")
        #expect(error.kind == .missingField)
        #expect(error.recordID == "p4")
        #expect(error.recordIndex == 2)
        #expect(error.message == "missing field 'Question' (problem #4 of the array)")
        let skipped = try await load(options(dir, skip: true), split: "train")
        #expect(skipped.records.count == 7)
        #expect(skipped.counters.dropped == ["bad_record": 1])
    }

    @Test func malformedJSONFailsWithTheLine() async throws {
        let dir = try temporaryDirectory()
        try write("[\n{\"ID\": \"a\"},\n{\"ID\": \"b\",,}\n]\n", to: "SVAMP.json", in: dir)
        let error = try await loadError(options(dir, skip: true), split: "train")
        #expect(error.kind == .invalidJSON)
        #expect(error.line == 3)
        try write("[\n{\"ID\": \"a\"},\n{\"ID\": \"b\"", to: "SVAMP.json", in: dir)
        let truncated = try await loadError(options(dir), split: "train")
        #expect(truncated.message.contains("truncated JSON"))
    }
}
