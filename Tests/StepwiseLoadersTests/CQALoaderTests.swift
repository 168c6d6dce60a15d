import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLoaders

@Suite struct CQALoaderTests {
    let cqa = dataDirectory.appendingPathComponent("cqa")

    func options(_ source: URL, _ format: SourceFormat = .official, explanations: URL? = nil, skip: Bool = false)
        -> TestLoad
    {
        TestLoad(
            dataset: "cqa", format: format, source: source, explanations: explanations, onBadRecord: skip ? .skip : .fail)
    }

    @Test func recordsFollowTheCoSEOrderAndThePapersFormat() async throws {
        let records = try await load(options(cqa), split: "train").records
        #expect(records.count == 14)
        let coseIDs = try String(contentsOf: cqa.appendingPathComponent("cose_train_v1.11.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(Array($0.utf8))["id"]?.stringValue }
        #expect(records.map(\.id) == coseIDs)
        let plate = try #require(records.first { $0.input.hasPrefix("Where would you put a plate") })
        #expect(
            plate.input
                == "Where would you put a plate after washing it?\nAnswer Choices:\n(a) cupboard\n(b) table\n(c) floor\n(d) oven\n(e) garden")
        #expect(plate.label == "cupboard")
        #expect(plate.explanation == "Clean plates are stored in a cupboard.")
        #expect(plate.choices == ["cupboard", "table", "floor", "oven", "garden"])
        #expect(plate.fields.map(\.0) == ["answerKey", "id", "question", "explanation"])
        #expect(records.map(\.index) == Array(0..<14))
    }

    @Test(arguments: ["train", "test"])
    func officialJoinEqualsTheReference(split: String) async throws {
        let official = try await load(options(cqa), split: split).records
        let reference = try await load(options(cqa, .referenceJSONL), split: split).records
        #expect(!official.isEmpty)
        #expect(official.map(\.id) == reference.map(\.id))
        #expect(official.map(\.input) == reference.map(\.input))
        #expect(official.map(\.label) == reference.map(\.label))
        #expect(official.map(\.explanation) == reference.map(\.explanation))
        #expect(official.map(\.choices) == reference.map(\.choices))
    }

    @Test(.enabled(if: toolAvailable("tar"))) func explanationsMayLiveElsewhereAndQuestionsInAnArchive() async throws {
        let questions = try temporaryDirectory()
        let explanations = try temporaryDirectory()
        for name in ["train_rand_split.jsonl", "dev_rand_split.jsonl"] {
            try FileManager.default.copyItem(at: cqa.appendingPathComponent(name), to: questions.appendingPathComponent(name))
        }
        for name in ["cose_train_v1.11.jsonl", "cose_dev_v1.11.jsonl"] {
            try FileManager.default.copyItem(
                at: cqa.appendingPathComponent(name), to: explanations.appendingPathComponent("v1.11/" + name).creatingParent())
        }
        #expect(try shell("tar -cf questions.tar *.jsonl", in: questions) == 0)
        let split = try await load(
            options(questions.appendingPathComponent("questions.tar"), explanations: explanations), split: "test")
        #expect(split.records == (try await load(options(cqa), split: "test").records))
    }

    @Test func unmatchedIDsBothWaysAreBadRecords() async throws {
        let dir = try temporaryDirectory()
        let question = { (id: String) in
            #"{"answerKey": "B", "id": "\#(id)", "question": {"choices": [{"label": "A", "text": "x"}, {"label": "B", "text": "y"}], "stem": "Q \#(id)?"}}"#
        }
        try write([question("q1"), question("q2"), question("q3")].joined(separator: "\n") + "\n", to: "dev_rand_split.jsonl", in: dir)
        let cose = { (id: String) in #"{"id": "\#(id)", "explanation": {"open-ended": "because \#(id)", "selected": "s"}}"# }
        try write([cose("q2"), cose("zz"), cose("q1")].joined(separator: "\n") + "\n", to: "cose_dev_v1.11.jsonl", in: dir)

        let error = try await loadError(options(dir), split: "test")
        #expect(error.kind == .unmatchedID)
        #expect(error.recordID == "zz")
        #expect(error.line == 2)
        #expect(error.file.hasSuffix("cose_dev_v1.11.jsonl"))
        #expect(error.message == "CoS-E id 'zz' has no question in dev_rand_split.jsonl")

        let skipped = try await load(options(dir, skip: true), split: "test")
        #expect(skipped.records.map(\.id) == ["q2", "q1"])
        #expect(skipped.records.map(\.index) == [0, 2])
        #expect(skipped.records[0].input == "Q q2?\nAnswer Choices:\n(a) x\n(b) y")
        #expect(skipped.records[0].label == "y")
        #expect(skipped.rejects.map { $0["id"]?.stringValue } == ["zz", "q3"])
        #expect(skipped.rejects.map { $0["index"]?.intValue } == [1, 3])
        #expect(skipped.rejects[1]["file"]?.stringValue?.hasSuffix("dev_rand_split.jsonl") == true)
        #expect(skipped.rejects[1]["line"]?.intValue == 3)
        #expect(skipped.rejects[1]["problem"]?.stringValue == "question 'q3' has no CoS-E explanation in cose_dev_v1.11.jsonl")
    }

    @Test func anAnswerKeyOutsideTheChoicesIsAnUnknownLabel() async throws {
        let dir = try temporaryDirectory()
        try write(
            #"{"answerKey": "E", "id": "q1", "question": {"choices": [{"label": "A", "text": "x"}], "stem": "Q?"}}"# + "\n",
            to: "dev_rand_split.jsonl", in: dir)
        try write(#"{"id": "q1", "explanation": {"open-ended": "o", "selected": "s"}}"# + "\n", to: "cose_dev_v1.11.jsonl", in: dir)
        let error = try await loadError(options(dir), split: "test")
        #expect(error.kind == .unknownLabel)
        #expect(error.file.hasSuffix("dev_rand_split.jsonl"))
        #expect(error.line == 1)
    }
}

extension URL {
    /// Creates the parent folder and returns the URL itself.
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
