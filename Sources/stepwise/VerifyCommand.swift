import ArgumentParser
import Foundation
import StepwiseShards

/// `stepwise verify OUT`: re-reads every shard and names each damaged file.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-read every shard of an output directory and report damage.",
        discussion: """
            Checks each split (and each rank folder of a partitioned run): index.json keys, \
            file sizes, zstd frames and their content size, hashes, sample counts, offsets, \
            the decoding of every column of every sample, stale .mds copies beside zips, \
            stats.stepwise, and a merged index against its rank folders.
            Exit status: 0 when nothing is damaged, 1 on damage, 2 on bad usage.
            """)

    @Argument(help: "The output directory of a run (holding train/, valid/, test/).")
    var out: String

    @Flag(name: .long, help: "Do not print warnings (leftovers of interrupted runs, unmerged ranks).")
    var quiet = false

    func run() async throws {
        let root = URL(fileURLWithPath: out)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            FileHandle.standardError.write(Data("stepwise verify: \(out): not a directory\n".utf8))
            throw ExitCode(2)
        }
        let results = ShardVerifier.verify(root: root)
        if results.isEmpty {
            print("\(out): no splits found (no index.json, stats.stepwise or rank folders below it)")
            throw ExitCode(1)
        }
        var failed = false
        for r in results {
            let errors = r.problems.filter { $0.severity == .error }
            let status = errors.isEmpty ? "ok" : "DAMAGED (\(errors.count) problem\(errors.count == 1 ? "" : "s"))"
            print("\(r.label): \(r.shards) shards, \(r.samples) samples: \(status)")
            for p in r.problems where p.severity == .error || !quiet { print("  \(p)") }
            failed = failed || !errors.isEmpty
        }
        if failed { throw ExitCode(1) }
    }
}
