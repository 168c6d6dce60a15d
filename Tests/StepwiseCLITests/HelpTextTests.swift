import Foundation
import Testing

/// Help text is part of the interface: the exit codes and the key options must be there.
@Suite struct HelpTextTests {
    static let subcommands = ["run", "validate", "stats", "verify", "merge", "inspect", "report", "export", "tokenize"]
    /// Developer tools, hidden from the root help but with help of their own.
    static let hiddenSubcommands = ["debug-load", "debug-parse"]

    @Test func rootHelpDocumentsExitCodesAndListsEveryCommand() throws {
        let result = try stepwise(["--help"])
        #expect(result.status == 0, "\(result)")
        let text = result.flatStdout
        #expect(text.contains("USAGE: stepwise <subcommand>"))
        #expect(text.contains("Exit codes (every command):"))
        #expect(text.contains("0 success"))
        #expect(text.contains("1 the run failed"))
        #expect(text.contains("2 usage or configuration error"))
        for command in Self.subcommands {
            #expect(text.contains(" \(command) "), "root help does not list \(command)")
        }
        for command in Self.hiddenSubcommands {
            #expect(!text.contains(command), "root help lists the developer tool \(command)")
        }
        #expect(try stepwise(["-h"]).stdout == result.stdout)
    }

    @Test(arguments: [
        ("run", ["<pipeline>", "--out", "--workers", "--limit", "--until", "--jsonl", "--fresh", "--rank", "--world-size",
                 "--quiet", "load, prompt, teacher, parse or tokenize",
                 "Exit codes: 0 success, 1 run failed or interrupted, 2 usage or configuration error"]),
        ("validate", ["<pipelines>", "--quiet", "teacher.concurrency: expected a positive integer",
                      "Exits 0 when every file is valid, 2 otherwise."]),
        ("verify", ["<out>", "--quiet", "Exit status: 0 when nothing is damaged, 1 on damage, 2 on bad usage."]),
        ("inspect", ["<out>", "--split", "--index", "--id", "--limit", "--tokens", "--tokenizer",
                     "Exit codes: 0 success, 1 unreadable shards, 2 usage error."]),
        ("tokenize", ["--tokenizer", "--max-length", "--no-eos", "--decode",
                      "Exit status: 2 for a bad option or tokenizer file, 1 for a bad input line."]),
        ("stats", ["<out>", "--json", "--recompute"]),
        ("report", ["<out>", "--out", "--sample", "--tokenizer", "confusion matrix",
                    "Exit codes: 0 success, 1 unreadable shards or rejects.jsonl, 2 usage error."]),
        ("export", ["<out>", "--format", "--out", "--split", "--tokenizer",
                    "Exit codes: 0 success, 1 unreadable shards or rejects.jsonl, 2 usage error."]),
        ("merge", ["<out>", "index.json", "rank folders"]),
        ("debug-load", ["--dataset", "--format", "--source", "--split", "--fraction"]),
        ("debug-parse", ["--dataset", "--mode"]),
    ])
    func subcommandHelpNamesItsOptions(command: String, phrases: [String]) throws {
        let result = try stepwise([command, "--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty)
        let text = result.flatStdout
        #expect(text.contains("USAGE: stepwise \(command)"), "\(text.prefix(300))")
        for phrase in phrases {
            #expect(text.contains(phrase), "`stepwise \(command) --help` does not mention \(phrase.debugDescription)")
        }
        // `stepwise help CMD` prints the same text.
        #expect(try stepwise(["help", command]).stdout == result.stdout)
    }

    @Test func versionPrintsTheVersionNumber() throws {
        let result = try stepwise(["--version"])
        #expect(result.status == 0, "\(result)")
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.wholeMatch(of: /\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?/) != nil, "version: \(version.debugDescription)")
        #expect(result.stderr.isEmpty)
    }
}
