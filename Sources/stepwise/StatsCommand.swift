import ArgumentParser
import Foundation
import StepwiseShards

/// `stepwise stats OUT`: counts, sizes and token-length distributions per split.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show samples, shards, sizes and token lengths of an output directory.",
        discussion: """
            Per split: samples, shards, raw and compressed bytes and their ratio; per token \
            column min/p50/p90/p99/max length with a small histogram; plus filter counts by \
            reason, truncation counts and teacher accuracy from OUT/run.json when present.
            Reads the stats.stepwise files the writer keeps; --recompute decodes every shard.
            """)

    @Argument(help: "The output directory of a run.")
    var out: String

    @Flag(name: .long, help: "Print one JSON object: {\"splits\": {\"train\": {\"samples\": N, \"shards\": K, ...}}}.")
    var json = false

    @Flag(name: .long, help: "Decode every shard instead of trusting stats.stepwise.")
    var recompute = false

    func run() async throws {
        let report: ShardStatsReport
        do {
            report = try ShardStatsReport.load(root: URL(fileURLWithPath: out), recompute: recompute)
        } catch let error as ShardError {
            FileHandle.standardError.write(Data("stepwise stats: \(error)\n".utf8))
            if case .io(_, "not a directory") = error { throw ExitCode(2) }
            throw ExitCode(1)
        }
        if json {
            print(report.jsonValue().jsonText())
        } else {
            print(report.text(), terminator: "")
        }
    }
}
