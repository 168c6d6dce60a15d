import Foundation
import StepwiseConfig
import StepwiseCore

/// Runs a pipeline file: into shards (resumable), or up to one stage with `--until`.
public struct PipelineRunner: Sendable {
    public let config: PipelineConfig
    public let options: RunOptions

    public init(config: PipelineConfig, options: RunOptions) {
        self.config = config
        self.options = options
    }

    /// The output directory: `--out`, else `output.dir`.
    public var outputDirectory: URL { options.outputDirectory ?? config.output.dir.url }

    public func run() async throws -> RunSummary {
        if let stop = options.until {
            return try await UntilRun(
                config: config, options: options, outputDir: outputDirectory, stop: stop, jsonl: options.jsonl ?? "-"
            ).run()
        }
        return try await ShardRun(config: config, options: options, outputDir: outputDirectory).run()
    }
}
