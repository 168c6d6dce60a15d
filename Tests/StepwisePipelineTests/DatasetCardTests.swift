import Foundation
import Testing

@testable import StepwisePipeline

/// `OUT/README.md`: front matter the Hub reads, provenance in the body, the same bytes
/// from any run of the same pipeline. (Loaded by `huggingface_hub.DatasetCard`:
/// scripts/parquet/check_output.py.)
@Suite struct DatasetCardTests {
    @Test func cardNamesTheParquetFilesAndIsTheSameForEveryRun() async throws {
        let scratch = try ScratchDirectory("card")
        defer { scratch.remove() }
        let config = try ParquetOutputTests.config(scratch, extra: ", license: cc-by-4.0")
        try await runPipeline(config, out: scratch.path("a"), workers: 1)
        try await runPipeline(config, out: scratch.path("b"), workers: 3)
        let a = try String(contentsOf: scratch.path("a/README.md"), encoding: .utf8)
        let b = try String(contentsOf: scratch.path("b/README.md"), encoding: .utf8)
        #expect(a == b)
        #expect(a.hasPrefix("---\nlicense: \"cc-by-4.0\"\npretty_name: \"quickstart\"\n"))
        for line in [
            "- text2text-generation", "- text-classification", "  - split: valid\n    path: \"parquet/valid/*.parquet\"",
            "  - name: input_ids\n    list: int32", "  - name: id\n    dtype: string", "  - name: train\n    num_examples: 13",
            "| `label_outside_space` | 1 | 0 | 0 |", "| teacher | kind `replay`, recordings `recorded.jsonl` |",
            "| parse | drop_duplicate_inputs `false`, drop_teacher_disagreement `false`, mode `robust`",
        ] {
            #expect(a.contains(line), "card lacks: \(line)")
        }
        #expect(!a.contains(scratch.url.path), "the card names a local path")
        #expect(!a.contains(repositoryRoot.path), "the card names a local path")
    }
}
