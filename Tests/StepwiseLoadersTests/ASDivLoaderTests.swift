import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLoaders

@Suite struct ASDivLoaderTests {
    let asdiv = dataDirectory.appendingPathComponent("asdiv")

    func options(_ source: URL, _ format: SourceFormat = .official, skip: Bool = false) -> TestLoad {
        TestLoad(dataset: "asdiv", format: format, source: source, onBadRecord: skip ? .skip : .fail)
    }

    @Test func problemsAreFormattedWithEntitiesDecoded() async throws {
        let records = try await load(options(asdiv), split: "train").records
        #expect(records.count == 30)
        let nuts = records[5]
        #expect(nuts.id == "nluds-0006")
        #expect(nuts.input == "Tom & Jerry collected 12 nuts and 5 < 6 acorns.\nHow many nuts and acorns in total?")
        #expect(nuts.label == "17")
        #expect(nuts.field("Answer") == .string("17 (nuts)"))
        #expect(nuts.fields.map(\.0) == ["ID", "Grade", "Source", "Body", "Question", "Solution-Type", "Answer", "Formula"])
        #expect(records[6].explanation != "")
    }

    @Test func officialAndReferenceAgree() async throws {
        let official = try await load(options(asdiv), split: "train").records
        let reference = try await load(options(asdiv, .referenceJSONL), split: "train").records
        #expect(official.map(\.id) == reference.map(\.id))
        #expect(official.map(\.input) == reference.map(\.input))
        #expect(official.map(\.label) == reference.map(\.label))
        #expect(official.map(\.explanation) == reference.map(\.explanation))
    }

    @Test func aProblemWithoutBodyIsABadRecord() async throws {
        let dir = try temporaryDirectory()
        let xml = """
            <?xml version="1.0" encoding="UTF-8" ?>
            <Machine-Reading-Corpus-File><ProblemSet>
            <Problem ID="a"><Body>B</Body><Question>Q?</Question><Answer>3 (cats)</Answer><Formula>1+2=3</Formula></Problem>
            <Problem ID="b"><Question>Q?</Question><Answer>4</Answer></Problem>
            <Problem ID="c"><Body>B2</Body><Question>Q2?</Question><Answer>5 (dogs)</Answer></Problem>
            </ProblemSet></Machine-Reading-Corpus-File>
            """
        try write(xml, to: "ASDiv.xml", in: dir)
        let error = try await loadError(options(dir), split: "train")
        #expect(error.kind == .missingField)
        #expect(error.line == 4)
        #expect(error.recordID == "b")
        let skipped = try await load(options(dir, skip: true), split: "train")
        #expect(skipped.records.map(\.id) == ["a", "c"])
        #expect(skipped.records.map(\.label) == ["3", "5"])
        #expect(skipped.records.map(\.explanation) == ["1+2=3", nil])
        #expect(skipped.records.map(\.index) == [0, 2])
    }

    @Test func malformedXMLFails() async throws {
        let dir = try temporaryDirectory()
        try write("<ProblemSet>\n<Problem ID=\"a\"><Body>B</Question></Problem>\n</ProblemSet>\n", to: "ASDiv.xml", in: dir)
        let error = try await loadError(options(dir, skip: true), split: "train")
        #expect(error.kind == .invalidXML)
        #expect(error.line == 2)
    }
}
