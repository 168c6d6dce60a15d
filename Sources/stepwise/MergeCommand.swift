import ArgumentParser
import Foundation
import StepwiseShards

/// `stepwise merge OUT`: joins the rank folders of a partitioned run.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the rank folders of a partitioned run into one index per split.",
        discussion: """
            For each split with rank folders (OUT/train/00000, 00001, ...) writes \
            OUT/<split>/index.json in the shape streaming's merge_index makes (entries as the \
            ranks wrote them, basenames prefixed with the rank folder) and sums the ranks' \
            stats.stepwise. StreamingDataset(local=OUT, split="train") then reads every rank's \
            samples, rank 0 first. The rank folders stay as they are.
            """)

    @Argument(help: "The output directory of a partitioned run.")
    var out: String

    func run() async throws {
        let root = URL(fileURLWithPath: out)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            FileHandle.standardError.write(Data("stepwise merge: \(out): not a directory\n".utf8))
            throw ExitCode(2)
        }
        let merged: [ShardMerger.SplitMerge]
        do { merged = try ShardMerger.merge(root: root) } catch {
            FileHandle.standardError.write(Data("stepwise merge: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if merged.isEmpty {
            print("\(out): no split has rank folders; nothing to merge")
            return
        }
        for m in merged {
            var line = "\(m.split): \(m.ranks) ranks, \(m.shards) shards, \(m.samples) samples"
            if !m.emptyRanks.isEmpty { line += " (ranks with no samples: \(m.emptyRanks.map(String.init).joined(separator: ", ")))" }
            if m.samples == 0 { line += "; no index.json written (StreamingDataset refuses a split without samples)" }
            print(line)
        }
    }
}
