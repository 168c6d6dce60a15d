import Foundation
import Testing

/// A run that fails on bad input data exits with 1 and names the file and line.
@Suite struct RunFailureTests {
    /// A scratch copy of the repository's e-SNLI samples with a pipeline file reading it.
    private func copiedSamples(_ label: String) throws -> ScratchDirectory {
        let scratch = try ScratchDirectory(label)
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("data/esnli"), to: scratch.path("esnli"))
        try scratch.write("pipeline.yaml", esnliPipeline(source: "esnli"))
        return scratch
    }

    @Test func csvRowWithTooFewFieldsFailsTheRun() throws {
        let scratch = try copiedSamples("bad-csv-fields")
        defer { scratch.remove() }
        let csv = scratch.path("esnli/esnli_test.csv")
        try replaceLine(3, of: csv, with: "3039595.jpg#0r1n,neutral,only three fields")
        let result = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("esnli/esnli_test.csv:3: "), "\(result)")
        #expect(result.stderr.contains("3 fields where the header has 7"), "\(result)")
        #expect(result.stderr.contains("stage 'load'"), "\(result)")
    }

    @Test func unterminatedQuoteFailsTheRun() throws {
        let scratch = try copiedSamples("bad-csv-quote")
        defer { scratch.remove() }
        let csv = scratch.path("esnli/esnli_dev.csv")
        let lineCount = lineRanges([UInt8](try Data(contentsOf: csv))).count
        let handle = try FileHandle(forWritingTo: csv)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("9999.jpg#0r1e,entailment,\"never closed,Hyp,Expl,,\n".utf8))
        try handle.close()
        let result = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("esnli/esnli_dev.csv:\(lineCount + 1): "), "\(result)")
        #expect(result.stderr.contains("unterminated quoted field"), "\(result)")
    }

    @Test func skippingBadRecordsLetsTheRunFinish() throws {
        let scratch = try copiedSamples("bad-csv-skip")
        defer { scratch.remove() }
        try replaceLine(3, of: scratch.path("esnli/esnli_test.csv"), with: "3039595.jpg#0r1n,neutral,only three fields")
        try scratch.write(
            "pipeline.yaml",
            esnliPipeline(source: "esnli").replacingOccurrences(
                of: "  splits: [train, valid, test]", with: "  splits: [train, valid, test]\n  on_bad_record: skip"))
        let result = try stepwise(["run", "pipeline.yaml"], in: scratch.url)
        #expect(result.status == 0, "\(result)")
        let rejects = try String(contentsOf: scratch.path("out/rejects.jsonl"), encoding: .utf8)
        let loadReject = try #require(rejects.split(separator: "\n").first { $0.contains("\"stage\":\"load\"") }, "\(rejects)")
        #expect(loadReject.contains("esnli_test.csv\""), "\(loadReject)")
        #expect(loadReject.contains("\"line\":3"), "\(loadReject)")
        #expect(loadReject.contains("\"problem\":\"3 fields where the header has 7\""), "\(loadReject)")
        #expect(result.stderr.contains("test: 5 samples"), "\(result)")
    }
}
