import ArgumentParser
import Foundation
import StepwiseCore
import StepwisePipeline

/// `stepwise config PIPELINE.yaml [KEY]`: the effective configuration, as a run sees it.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print a pipeline file's effective configuration, or one key's value.",
        discussion: """
            Every key that applies, with its default filled in and paths made absolute, as JSON \
            (keys sorted). With KEY (a dotted path: teacher.kind, dataset.sample.fraction), only \
            that value: a string as it is, anything else as JSON; nothing and exit 1 when the \
            key does not apply. For scripts, which should not parse pipeline YAML themselves.
            Exit codes: 0 success, 1 no such key, 2 invalid pipeline file.
            """)

    @Argument(help: "The pipeline file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var pipeline: String

    @Argument(help: "A dotted key path (default: the whole configuration).")
    var key: String?

    func run() throws {
        let config: PipelineConfig
        do { config = try PipelineConfig.load(from: URL(fileURLWithPath: pipeline)) } catch { throw UsageError(error.description) }
        var value = config.canonicalValue
        if let key {
            for part in key.split(separator: ".") {
                guard let next = value[String(part)] else { throw ExitCode(ExitStatus.runFailed) }
                value = next
            }
        }
        if case .string(let s) = value { print(s) } else { print(value.jsonText(style: .pretty)) }
    }
}
