import ArgumentParser
import Foundation
import Logging
import StepwiseConfig
import StepwiseCore
import StepwisePipeline

/// `stepwise run PIPELINE.yaml`: runs a pipeline file to shards, or up to one stage.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline file: load → prompt → teacher → parse → tokenize → shards.",
        discussion: """
            Rerunning the same command after an interruption (Ctrl-C, kill -9, a crash) resumes \
            from the last committed shard; the finished output is byte-identical to an \
            uninterrupted run and no teacher completion already received is requested again. A \
            rerun of a finished run does nothing. Rerunning a changed pipeline into the same \
            directory is refused (naming what changed) unless --fresh is given; a change to \
            `parse` alone re-parses from the cache.

            --until STAGE stops after that stage and writes its records as JSON lines to --jsonl \
            (field names: Schemas/record.*.schema.json); nothing is written to the shards then.

            Exit codes: 0 success, 1 run failed or interrupted, 2 usage or configuration error.
            """)

    @OptionGroup var target: PipelineArguments

    @Option(help: "Parallel workers for CPU-heavy stages (default: run.workers, else the CPU count).")
    var workers: Int?

    @Option(help: "Stop after this stage: load, prompt, teacher, parse or tokenize.")
    var until: StopStage?

    @Option(help: "With --until: the JSON-lines file to write ('-' for standard output).")
    var jsonl: String?

    @Flag(help: "Start over in the output directory (the teacher cache is kept).")
    var fresh = false

    @Option(help: "This process's part of a partitioned run (0-based).")
    var rank = 0

    @Option(help: "Number of parts of a partitioned run; join them with `stepwise merge`.")
    var worldSize = 1

    @OptionGroup var verbosity: OutputVerbosity

    func validate() throws {
        if until != nil, jsonl == nil { throw ValidationError("--until needs --jsonl FILE (or '-' for standard output)") }
        if jsonl != nil, until == nil { throw ValidationError("--jsonl is only used with --until STAGE") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
        if worldSize < 1 { throw ValidationError("--world-size must be at least 1, got \(worldSize)") }
        if rank < 0 || rank >= worldSize {
            throw ValidationError("--rank must be between 0 and \(worldSize - 1), got \(rank)")
        }
    }

    func run() async throws {
        let quiet = verbosity.quiet
        let config = try target.config()
        var options = target.runOptions()
        options.workers = workers
        options.until = until
        options.jsonl = jsonl
        options.fresh = fresh
        options.rank = rank
        options.worldSize = worldSize
        options.progress = ProgressReporter.automaticMode(quiet: quiet)
        options.logger = verbosity.logger
        options.logger.debug("stepwise \(StepwiseVersion.current), allocator: \(Allocator.description)")
        let runner = PipelineRunner(config: config, options: options)
        try await CommandLogging.runCancellable {
            do {
                let summary = try await runner.run()
                if !quiet { FileHandle.standardError.write(Data((summary.text + "\n").utf8)) }
            } catch let error as PipelineError where error.isUsageError {
                throw UsageError(error.description)
            }
        }
    }
}
