import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseTeacher

/// The `stepwise` command: prepares Distilling Step-by-Step training data.
@main
struct Stepwise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Prepare Distilling Step-by-Step training data: load, prompt, ask a teacher, parse, tokenize, shard.",
        discussion: """
            Exit codes (every command):
              0  success
              1  the run failed (bad input data, teacher failure, damaged shards found, I/O error)
              2  usage or configuration error (bad arguments, invalid pipeline file, unreadable model)
            """,
        version: StepwiseVersion.current,
        subcommands: [
            RunCommand.self,
            ValidateCommand.self,
            ConfigCommand.self,
            PlanCommand.self,
            StatsCommand.self,
            VerifyCommand.self,
            MergeCommand.self,
            InspectCommand.self,
            ReportCommand.self,
            ExportCommand.self,
            TeacherCommand.self,
            TokenizeCommand.self,
            DebugLoadCommand.self,
            DebugParseCommand.self,
        ])

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withStatusFor: error)
        }
    }

    /// Prints `error` and exits with the documented code: 2 for usage and configuration
    /// errors, 1 for everything else; help and version requests exit 0.
    static func exit(withStatusFor error: any Error) -> Never {
        if let exitCode = error as? ExitCode { Foundation.exit(exitCode.rawValue) }
        let code = exitCode(for: error)
        if code == .success { Self.exit(withError: error) }  // --help, --version
        let configuration = (error as? TeacherError)?.isConfigurationError == true
        if code == .validationFailure || error is UsageError || configuration {
            let message = (error as? UsageError)?.description ?? fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(ExitStatus.usage)
        }
        FileHandle.standardError.write(Data(("error: " + String(describing: error) + "\n").utf8))
        Foundation.exit(ExitStatus.runFailed)
    }
}

/// The process exit codes that scripts can rely on.
enum ExitStatus {
    static let success: Int32 = 0
    static let runFailed: Int32 = 1
    static let usage: Int32 = 2
}

/// An error that means "the command or its configuration is wrong" (exit code 2).
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
