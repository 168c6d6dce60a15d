import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLoaders

@Suite struct ANLILoaderTests {
    let anli = dataDirectory.appendingPathComponent("anli")

    func options(_ source: URL, _ format: SourceFormat = .official, round: Int = 1, skip: Bool = false) -> TestLoad {
        TestLoad(dataset: "anli", format: format, source: source, round: round, onBadRecord: skip ? .skip : .fail)
    }

    @Test func zipRecordsAreFormattedAsThePaper() async throws {
        let result = try await load(options(anli.appendingPathComponent("anli_v1.0.zip")), split: "valid")
        #expect(result.records.count == 9)
        let first = try #require(result.records.first)
        #expect(first.input == "An elderly couple shares an umbrella while crossing a busy street.</s>Two people are crossing a street.")
        #expect(first.label == "entailment")
        #expect(first.explanation == "A couple is two people, and they are crossing. The model got it wrong.")
        #expect(first.fields.map(\.0) == ["uid", "context", "hypothesis", "label", "model_label", "emturk", "genre", "reason", "tag"])
        #expect(first.field("tag") == .null)
        #expect(first.id == first.field("uid")?.stringValue)
        #expect(result.records[3].explanation == "")
    }

    @Test(arguments: ["train", "valid", "test"])
    func everyArchiveKindAndTheReferenceAgree(split: String) async throws {
        let zip = try await load(options(anli.appendingPathComponent("anli_v1.0.zip")), split: split).records
        let zst = try await load(options(anli.appendingPathComponent("anli_v1.0.tar.zst")), split: split).records
        let gz = try await load(options(anli.appendingPathComponent("anli_v1.0.tar.gz")), split: split).records
        let reference = try await load(options(anli, .referenceJSONL), split: split).records
        #expect(!zip.isEmpty)
        #expect(zip == zst)
        #expect(zip == gz)
        #expect(zip.map(\.id) == reference.map(\.id))
        #expect(zip.map(\.input) == reference.map(\.input))
        #expect(zip.map(\.label) == reference.map(\.label))
        #expect(zip.map(\.explanation) == reference.map(\.explanation))
    }

    @Test(.enabled(if: toolAvailable("unzip"))) func unpackedFolderAndAFolderHoldingItOrTheZip() async throws {
        let zipped = try await load(options(anli.appendingPathComponent("anli_v1.0.zip")), split: "test").records
        let dir = try temporaryDirectory()
        try shell("unzip -q '\(anli.appendingPathComponent("anli_v1.0.zip").path)'", in: dir)
        let unpacked = try await load(options(dir.appendingPathComponent("anli_v1.0")), split: "test").records
        let holding = try await load(options(dir), split: "test").records
        #expect(unpacked == zipped)
        #expect(holding == zipped)
        let withZip = try temporaryDirectory()
        try FileManager.default.copyItem(
            at: anli.appendingPathComponent("anli_v1.0.zip"), to: withZip.appendingPathComponent("anli_v1.0.zip"))
        #expect(try await load(options(withZip), split: "test").records == zipped)
    }

    @Test func aMissingRoundNamesTheEntry() async throws {
        let error = try await loadError(options(anli.appendingPathComponent("anli_v1.0.zip"), round: 2), split: "valid")
        #expect(error.kind == .fileNotFound)
        #expect(error.message.contains("anli_v1.0/R2/dev.jsonl"))
    }

    @Test func truncatedAndCorruptArchivesFail() async throws {
        let dir = try temporaryDirectory()
        for name in ["anli_v1.0.zip", "anli_v1.0.tar.gz", "anli_v1.0.tar.zst"] {
            let bytes = try Data(contentsOf: anli.appendingPathComponent(name))
            let truncated = try write(bytes.prefix(bytes.count / 2), to: "truncated-" + name, in: dir)
            let error = try await loadError(options(truncated), split: "test")
            #expect(error.kind == .archive, "\(name): \(error)")
            #expect(error.file == truncated.path)
        }
        var garbage = try Data(contentsOf: anli.appendingPathComponent("anli_v1.0.tar.gz"))
        for i in stride(from: 40, to: garbage.count - 40, by: 7) { garbage[i] ^= 0x5A }
        let corrupt = try write(garbage, to: "corrupt.tar.gz", in: dir)
        let error = try await loadError(options(corrupt), split: "train")
        #expect(error.kind == .archive)
        #expect(error.description.contains("corrupt"))
    }

    @Test(.enabled(if: toolAvailable("zip"))) func badLinesInsideAnArchiveNameTheEntry() async throws {
        let dir = try temporaryDirectory()
        let lines = [
            #"{"uid":"u0","context":"C","hypothesis":"H","label":"e","reason":"R"}"#,
            #"{"uid":"u1","context":"C","hypothesis":"H","label":"x","reason":"R"}"#,
            #"{"uid":"u2","context":"C","label":"n"}"#,
            #"{"uid":"u3","context":"C","hypothesis":"H","label":"c","rea"#,
        ]
        try write(lines.joined(separator: "\n") + "\n", to: "anli_v1.0/R1/dev.jsonl", in: dir)
        #expect(try shell("zip -q -r bad.zip anli_v1.0", in: dir) == 0)
        let zip = dir.appendingPathComponent("bad.zip")
        let error = try await loadError(options(zip), split: "valid")
        #expect(error.description == "\(zip.path)(anli_v1.0/R1/dev.jsonl):2: unknown label 'x' (expected e, n or c) (record #1, id 'u1')")
        let skipped = try await load(options(zip, skip: true), split: "valid")
        #expect(skipped.records.map(\.id) == ["u0"])
        #expect(skipped.rejects.map { $0["entry"]?.stringValue } == Array(repeating: "anli_v1.0/R1/dev.jsonl", count: 3))
        #expect(skipped.rejects.map { $0["problem_kind"]?.stringValue } == ["unknown_label", "missing_field", "invalid_json"])
    }
}
