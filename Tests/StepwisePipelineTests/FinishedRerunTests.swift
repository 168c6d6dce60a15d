import Foundation
import StepwisePipeline
import Testing

/// Rerunning the command of a finished run does nothing, says so, and writes nothing.
@Suite struct FinishedRerunTests {
    @Test func rerunOfAFinishedRunChangesNoFile() async throws {
        let scratch = try ScratchDirectory("rerun")
        defer { scratch.remove() }
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        let config = try copy.load(into: scratch.url)
        let out = scratch.path("out")

        let first = try await runPipeline(config, out: out)
        #expect(first.record?.finished == true)
        #expect(!first.text.contains("nothing to do"))
        let bytesBefore = try fileTree(out)
        let datesBefore = try modificationDates(out)
        #expect(bytesBefore.keys.contains("run.json"))
        #expect(bytesBefore.keys.contains("train/index.json"))

        let second = try await runPipeline(config, out: out, workers: 1)
        #expect(second.text.contains("nothing to do"), "summary was: \(second.text)")
        // It reports the record that is on disk.
        #expect(second.record == (try RunRecord.load(from: out.appendingPathComponent("run.json"))))

        let bytesAfter = try fileTree(out)
        #expect(bytesAfter.keys.sorted() == bytesBefore.keys.sorted())
        for (path, bytes) in bytesBefore.sorted(by: { $0.key < $1.key }) {
            #expect(bytesAfter[path] == bytes, "\(path) was rewritten with other bytes")
        }
        #expect(try modificationDates(out) == datesBefore, "a file was touched by the no-op rerun")
    }
}
