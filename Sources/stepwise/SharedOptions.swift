import ArgumentParser
import Foundation
import Logging
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwisePipeline
import StepwiseRationales
import StepwiseTeacher

/// The pipeline a command works on, and the overrides every such command takes
/// (`run`, `plan`, `teacher export-batch`).
struct PipelineArguments: ParsableArguments {
    @Argument(help: "The pipeline file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var pipeline: String

    @Option(help: "Output directory (default: output.dir of the pipeline file); its teacher cache is the one consulted.")
    var out: String?

    @Option(help: "Process at most N records per split (after sampling).")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    /// The pipeline file, decoded; a bad file is a usage error (exit 2).
    func config() throws -> PipelineConfig {
        do { return try PipelineConfig.load(from: URL(fileURLWithPath: pipeline)) } catch { throw UsageError(error.description) }
    }

    /// Run options with this command's overrides.
    func runOptions() -> RunOptions {
        var options = RunOptions()
        options.outputDirectory = out.map { URL(fileURLWithPath: $0) }
        options.limit = limit
        return options
    }
}

/// How much a command tells on stderr.
struct OutputVerbosity: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress display and no summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log details (stage settings, commits, retries).")
    var verbose = false

    var logger: Logger { CommandLogging.logger(verbose: verbose, quiet: quiet) }
}

extension StopStage: ExpressibleByArgument {}
extension ParseMode: ExpressibleByArgument {}
extension SourceFormat: ExpressibleByArgument {}
extension BadRecordPolicy: ExpressibleByArgument {}
extension RecordingImporter.Format: ExpressibleByArgument {}

/// Which completion cache a `teacher cache`/`import-batch` command reads or fills: the one a
/// run uses, named by the run's output directory, its pipeline file, or the file itself.
struct CacheLocation: ParsableArguments {
    @Option(help: "A run's output directory: its teacher-cache.sqlite (with --pipeline: the run's --out).")
    var out: String?

    @Option(help: "A pipeline file: the cache its runs use (teacher.cache, else teacher-cache.sqlite in output.dir).")
    var pipeline: String?

    @Option(help: "The cache file itself (default: $STEPWISE_CACHE when set).")
    var cache: String?

    /// The cache file, by the first of --cache, --pipeline (with --out), --out, $STEPWISE_CACHE.
    func url(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let cache { return URL(fileURLWithPath: cache) }
        if let pipeline {
            let config: PipelineConfig
            do { config = try PipelineConfig.load(from: URL(fileURLWithPath: pipeline)) } catch { throw UsageError(error.description) }
            return config.teacher.cacheURL(output: out.map { URL(fileURLWithPath: $0) } ?? config.output.dir.url)
        }
        if let out { return URL(fileURLWithPath: out).appendingPathComponent("teacher-cache.sqlite") }
        if let path = environment["STEPWISE_CACHE"], !path.isEmpty { return URL(fileURLWithPath: path) }
        throw UsageError(
            "which completion cache? Give --out DIR (a run's output directory), --pipeline P.yaml (the cache its runs use) or --cache FILE")
    }
}
