import Foundation
import Testing

/// Usage errors exit with 2 (not ArgumentParser's 64), print the reason on standard
/// error and nothing on standard output.
@Suite struct UsageErrorTests {
    static var quickstart: String { repositoryRoot.appendingPathComponent("Pipelines/quickstart.yaml").path }

    @Test(arguments: [
        (["run", "PIPELINE", "--bogus"], "Unknown option '--bogus'"),
        (["bogus-command"], "Unexpected argument 'bogus-command'"),
        (["run"], "Missing expected argument '<pipeline>'"),
        (["run", "PIPELINE", "--until", "parse"], "--until needs --jsonl"),
        (["run", "PIPELINE", "--jsonl", "x.jsonl"], "--jsonl is only used with --until"),
        (["run", "PIPELINE", "--until", "shards", "--jsonl", "-"], "The value 'shards' is invalid for '--until <until>'"),
        (["run", "PIPELINE", "--rank", "3", "--world-size", "2"], "--rank must be between 0 and 1, got 3"),
        (["run", "PIPELINE", "--rank=-1", "--world-size", "2"], "--rank must be between 0 and 1, got -1"),
        (["run", "PIPELINE", "--world-size", "0"], "--world-size must be at least 1, got 0"),
        (["run", "PIPELINE", "--workers", "0"], "--workers must be at least 1, got 0"),
        (["run", "PIPELINE", "--limit", "0"], "--limit must be at least 1, got 0"),
        (["run", "PIPELINE", "--workers", "many"], "The value 'many' is invalid for '--workers <workers>'"),
        (["validate"], "Missing expected argument '<pipelines> ...'"),
        (["verify"], "Missing expected argument '<out>'"),
        (["inspect", "/tmp", "--index", "1", "--id", "x"], "give --index or --id, not both"),
        (["tokenize"], "Missing expected argument '--tokenizer <tokenizer>'"),
        (["debug-parse", "--dataset", "nope"], "unknown dataset 'nope'"),
        // A validation error thrown from run() rather than validate().
        (["debug-load", "--dataset", "nope", "--format", "official", "--source", "/tmp"], "dataset.fields: required for dataset nope, which is not built in (esnli, anli, cqa, svamp, asdiv)"),
    ])
    func usageErrorsExitWith2(arguments: [String], message: String) throws {
        let scratch = try ScratchDirectory("usage")
        defer { scratch.remove() }
        let args = arguments.map { $0 == "PIPELINE" ? Self.quickstart : $0 }
        let result = try stepwise(args + (args.first == "run" ? ["--out", scratch.path("out").path] : []), in: scratch.url)
        #expect(result.status == 2, "stepwise \(args.joined(separator: " ")): \(result)")
        #expect(result.flatStderr.contains(message), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        // Nothing was run: no output directory appeared.
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out").path))
    }

    /// Arguments that satisfy each command's required ones, so the unknown option is the only problem.
    static let requiredArguments: [String: [String]] = [
        "run": ["PIPELINE"], "validate": ["PIPELINE"], "stats": ["/tmp"], "verify": ["/tmp"], "merge": ["/tmp"],
        "inspect": ["/tmp"], "tokenize": ["--tokenizer", "x.model"], "debug-parse": ["--dataset", "esnli"],
        "debug-load": ["--dataset", "esnli", "--source", "/tmp"],
    ]

    @Test(arguments: ["run", "validate", "stats", "verify", "merge", "inspect", "tokenize", "debug-load", "debug-parse"])
    func unknownOptionExitsWith2ForEveryCommand(command: String) throws {
        let required = (Self.requiredArguments[command] ?? []).map { $0 == "PIPELINE" ? Self.quickstart : $0 }
        let result = try stepwise([command] + required + ["--no-such-option"])
        #expect(result.status == 2, "stepwise \(command) --no-such-option: \(result)")
        #expect(result.stderr.contains("Unknown option '--no-such-option'"), "\(result)")
        #expect(result.stderr.contains("stepwise \(command) --help"), "the message points at the command's help: \(result)")
    }

    @Test(arguments: ["verify", "stats", "merge"])
    func missingOutputDirectoryIsAUsageError(command: String) throws {
        let result = try stepwise([command, "/nonexistent/stepwise-out"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("/nonexistent/stepwise-out: not a directory"), "\(result)")
    }

    @Test func unreadableTokenizerIsAUsageError() throws {
        let result = try stepwise(["tokenize", "--tokenizer", "/nonexistent/spiece.model"], input: "\"hello\"\n")
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("/nonexistent/spiece.model"), "\(result)")
    }
}
