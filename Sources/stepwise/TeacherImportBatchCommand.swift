import ArgumentParser
import Foundation
import StepwiseTeacher

/// `stepwise teacher import-batch`: an OpenAI Batch API output file → the completion cache.
struct TeacherImportBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-batch",
        abstract: "Read an OpenAI Batch API output file into the completion cache.",
        discussion: """
            The input file must answer a file written by `stepwise teacher export-batch`: its \
            custom_id values are cache keys. Failed requests are counted and stay pending; \
            the next export-batch or run asks for them again. The answers go into the cache the \
            run will read: give the pipeline (`--pipeline P.yaml`, with `--out` if the run \
            used one), the run's output directory (`--out OUT`) or the file (`--cache FILE`).
            """)

    @OptionGroup var location: CacheLocation

    @Argument(help: "The Batch API output file (JSON lines).")
    var file: String

    func run() throws {
        let cachePath = try location.url()
        let store = try CompletionCache(path: cachePath)
        let summary = try BatchResultImporter.run(file: URL(fileURLWithPath: file), cache: store)
        print("imported \(summary.imported) completions into \(cachePath.path)")
        print("already cached: \(summary.alreadyCached), failed requests: \(summary.failed), unusable responses: \(summary.unusable)")
        for failure in summary.failures { print("  failed: \(failure)") }
    }
}
