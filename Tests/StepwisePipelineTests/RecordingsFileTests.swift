import Foundation
import StepwisePipeline
import StepwiseTeacher
import Testing

/// A recordings file is recognised by its content, not its name: `teacher import --out
/// rec.jsonl` writes SQLite under a `.jsonl` name, and a pipeline pointing at it replays it.
@Suite struct RecordingsFileTests {
    @Test func anImportedFileWithAJSONLinesNameIsReadAsRecordings() async throws {
        let scratch = try ScratchDirectory("recordings-name")
        defer { scratch.remove() }
        let imported = scratch.path("rec.jsonl")
        _ = try RecordingImporter.run(
            format: .jsonl, inputs: [repositoryRoot.appendingPathComponent("data/esnli/recorded.jsonl")], out: imported)
        var copy = try QuickstartCopy()
        let reference = scratch.path("reference")
        try await runPipeline(try copy.load(into: scratch.url), out: reference)
        try copy.replace(repositoryRoot.path + "/data/esnli/recorded.jsonl", with: imported.path)
        let out = scratch.path("out")
        try await runPipeline(try copy.load(into: scratch.url), out: out)
        #expect(try fileTree(out, only: outputParts) == (try fileTree(reference, only: outputParts)))
        // Read in place: nothing was imported a second time.
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("recordings").path))
    }
}
