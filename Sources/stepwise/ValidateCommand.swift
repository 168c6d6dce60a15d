import ArgumentParser
import Foundation
import StepwiseConfig
import StepwisePipeline

/// `stepwise validate PIPELINE.yaml...`: checks pipeline files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files against the pipeline format.",
        discussion: """
            Every problem is reported with the file, the key path and what was expected, e.g.
              Pipelines/x.yaml: teacher.concurrency: expected a positive integer, got "four"
            Then the inputs the file names are checked: every path exists, the exemplar file \
            reads and suits the dataset, the tokenizer model loads (--no-inputs skips this, to \
            check files on a machine without the corpora).
            Exits 0 when every file is valid, 2 otherwise.
            """)

    @Argument(help: "Pipeline files (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var pipelines: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for valid files.")
    var quiet = false

    @Flag(help: "Check the pipeline files only, not the inputs they name.")
    var noInputs = false

    func validate() throws {
        if pipelines.isEmpty { throw ValidationError("give at least one pipeline file") }
    }

    func run() throws {
        var failed = false
        for path in pipelines {
            do {
                let config = try PipelineConfig.load(from: URL(fileURLWithPath: path))
                if !noInputs {
                    let problems = Preflight.problems(in: config, file: path)
                    if !problems.isEmpty { throw ConfigError(file: path, issues: problems) }
                }
                if !quiet { print("\(path): ok (\(config.name): \(config.dataset.name), teacher \(config.teacher.kind))") }
            } catch {
                failed = true
                FileHandle.standardError.write(Data((String(describing: error) + "\n").utf8))
            }
        }
        if failed { throw ExitCode(ExitStatus.usage) }
    }
}
