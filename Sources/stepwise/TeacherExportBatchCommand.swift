import ArgumentParser
import Foundation
import StepwiseConfig
import StepwisePipeline

/// `stepwise teacher export-batch PIPELINE.yaml --out FILE`: the prompts a run would send,
/// as an OpenAI Batch API input file.
struct TeacherExportBatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-batch",
        abstract: "Write the prompts a run still needs as an OpenAI Batch API input file.",
        discussion: """
            Loads the input and assembles the prompts exactly as `stepwise run` would, leaves out
            those the completion cache already answers, and writes one JSON line per distinct
            prompt: {"custom_id", "method", "url", "body"}. Send the file to the provider's Batch
            API, then load its output with `stepwise teacher import-batch --cache CACHE OUTPUT`
            and run the pipeline: every answered prompt is a cache hit. The API key is not read.
            Exit codes: 0 success, 1 unreadable input, 2 invalid pipeline file or not an openai teacher.
            """)

    @OptionGroup var target: PipelineArguments

    @Option(name: .customLong("batch-file"), help: "The batch input file to write (JSON lines).")
    var output: String

    func run() async throws {
        let config = try target.config()
        let options = target.runOptions()
        do {
            let summary = try await PromptSurvey(runner: PipelineRunner(config: config, options: options))
                .exportBatch(to: URL(fileURLWithPath: output))
            FileHandle.standardError.write(Data(
                "\(output): \(summary.requests) requests (\(summary.cached) already cached, \(summary.duplicates) duplicate prompts)\n".utf8))
        } catch let error as PipelineError where error.isUsageError {
            throw UsageError(error.description)
        }
    }
}
