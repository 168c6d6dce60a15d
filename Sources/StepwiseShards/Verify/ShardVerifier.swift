import Foundation

/// One thing wrong (or worth a look) in an output directory, naming the file.
public struct ShardProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// Damage: a reader would fail or return wrong samples.
        case error
        /// Harmless for readers but unexpected (leftovers of an interrupted run, unmerged ranks).
        case warning
    }

    public var severity: Severity
    public var path: String
    public var problem: String

    public var description: String { "\(severity == .error ? "ERROR" : "warning"): \(path): \(problem)" }
}

/// The result of checking one directory that holds (or should hold) an `index.json`.
public struct DirectoryVerification: Sendable {
    /// `train`, or `train/00003` for a rank folder.
    public var label: String
    public var directory: URL
    public var shards = 0
    public var samples = 0
    public var problems: [ShardProblem] = []

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}

/// `stepwise verify`: re-reads every shard of every split (and rank folder) and checks it
/// against its index: keys, file sizes, the zstd frame and its content size, hashes,
/// sample counts, offsets, the decoding of every column of every sample, stale `.mds`
/// copies beside zips, the stats file, and a merged index against its rank folders.
public enum ShardVerifier {
    /// Checks every split under `root`; rank folders are checked one by one.
    public static func verify(root: URL) -> [DirectoryVerification] {
        var results: [DirectoryVerification] = []
        for split in ShardDirectory.splits(in: root) {
            let dir = root.appendingPathComponent(split)
            let ranks = ShardDirectory.rankFolders(in: dir)
            if ranks.isEmpty {
                results.append(verifyDirectory(dir, label: split, isRankFolder: false))
            } else {
                var rankResults: [DirectoryVerification] = []
                for (rank, url) in ranks {
                    rankResults.append(verifyDirectory(url, label: "\(split)/\(ShardDirectory.rankFolderName(rank))", isRankFolder: true))
                }
                results.append(verifyMerged(dir, label: split, ranks: ranks))
                results += rankResults
            }
        }
        return results
    }

    /// Checks one directory with its own shards.
    public static func verifyDirectory(_ dir: URL, label: String, isRankFolder: Bool) -> DirectoryVerification {
        var result = DirectoryVerification(label: label, directory: dir)
        func fail(_ path: String, _ problem: String) { result.problems.append(ShardProblem(severity: .error, path: path, problem: problem)) }
        func note(_ path: String, _ problem: String) { result.problems.append(ShardProblem(severity: .warning, path: path, problem: problem)) }
        let fm = FileManager.default
        let indexPath = dir.appendingPathComponent("index.json").path
        let statsURL = dir.appendingPathComponent(SplitStats.fileName)

        guard fm.fileExists(atPath: indexPath) else {
            if let stats = try? SplitStats.load(from: statsURL), stats.samples == 0 {
                note(dir.path, "no samples were written here (no index.json; stats.stepwise says 0 samples)")
            } else {
                fail(indexPath, "missing")
            }
            return result
        }
        let reader: ShardReader
        do { reader = try ShardReader(directory: dir) } catch {
            fail(indexPath, problemText(error, dropping: indexPath))
            return result
        }
        result.shards = reader.shardCount
        result.samples = reader.sampleCount
        if reader.sampleCount == 0 { fail(indexPath, "lists no samples (StreamingDataset refuses such a dataset)") }

        var recomputed = SplitStats()
        var damaged = false
        var expectedFiles: Set<String> = ["index.json", SplitStats.fileName]
        for i in 0..<reader.shardCount {
            let entry = reader.index.shards[i]
            expectedFiles.insert(entry.storedFile.basename)
            let storedPath = reader.path(of: entry.storedFile.basename)
            do {
                let shard = try reader.loadShard(i, checkHashes: true)
                if entry.zipData != nil {
                    let rawPath = reader.path(of: entry.rawData.basename)
                    expectedFiles.insert(entry.rawData.basename)
                    if fm.fileExists(atPath: rawPath) {
                        let copy = try DurableFile.read(rawPath)
                        if copy != shard.raw.bytes {
                            fail(rawPath, "stale: differs from the decompressed \(entry.storedFile.basename); StreamingDataset would read this file instead (delete it)")
                            damaged = true
                        }
                    }
                }
                let blob = shard.configBlob
                if !blob.isEmpty && blob != ShardWriter.configBlob(entry) {
                    note(storedPath, "the config blob inside the shard differs from its index entry's settings (a shard from another run?)")
                }
                var lengths: [String: LengthHistogram] = [:]
                for k in 0..<shard.sampleCount {
                    let sample = try shard.sample(k)
                    for (name, value) in zip(sample.names, sample.values) {
                        if case .tokens(let t) = value { lengths[name, default: LengthHistogram()].add(length: t.count) }
                    }
                }
                recomputed.merge(SplitStats.shard(entry, lengths: lengths))
            } catch {
                damaged = true
                ShardVerifier.append(error, defaultPath: storedPath, to: &result)
            }
        }

        let names = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
        for name in names where !expectedFiles.contains(name) {
            let path = dir.appendingPathComponent(name).path
            if ShardDirectory.rankFolders(in: dir).contains(where: { $0.url.lastPathComponent == name }) { continue }
            if name.hasSuffix(".json") {
                if isRankFolder {
                    fail(path, "merge_index would read this .json file as an index; remove it")
                } else {
                    note(path, "an extra .json file; merge_index over this directory would read it as an index")
                }
            } else if name.hasSuffix(".partial") {
                note(path, "left by an interrupted write (a resumed run removes it)")
            } else if name.hasPrefix("shard.") {
                note(path, "not listed in index.json (left by an interrupted run? a resumed run removes it)")
            }
        }

        if fm.fileExists(atPath: statsURL.path) {
            do {
                let stats = try SplitStats.load(from: statsURL)
                if !damaged && stats != recomputed {
                    fail(statsURL.path, "stale: says \(stats.samples) samples in \(stats.shards) shards; the shards hold \(recomputed.samples) in \(recomputed.shards) (or other lengths)")
                }
            } catch {
                ShardVerifier.append(error, defaultPath: statsURL.path, to: &result)
            }
        } else {
            note(statsURL.path, "missing (stats will recompute from the shards)")
        }
        return result
    }

    /// Checks the split-level index of a partitioned run against its rank folders.
    static func verifyMerged(_ dir: URL, label: String, ranks: [(rank: Int, url: URL)]) -> DirectoryVerification {
        var result = DirectoryVerification(label: label + " (merged)", directory: dir)
        let indexURL = dir.appendingPathComponent("index.json")
        let expected: ShardIndex
        do {
            expected = try ShardMerger.mergedIndex(of: dir, ranks: ranks).index
        } catch {
            ShardVerifier.append(error, defaultPath: dir.path, to: &result)
            return result
        }
        guard FileManager.default.fileExists(atPath: indexURL.path) else {
            result.problems.append(ShardProblem(severity: .warning, path: indexURL.path, problem: "missing: rank folders are not merged yet (run `stepwise merge`)"))
            return result
        }
        do {
            let actual = try ShardIndex.load(from: indexURL)
            result.shards = actual.shards.count
            result.samples = actual.sampleCount
            if actual != expected {
                result.problems.append(ShardProblem(
                    severity: .error, path: indexURL.path,
                    problem: "does not match the rank folders' indexes (\(actual.shards.count) shards listed, ranks hold \(expected.shards.count)); run `stepwise merge` again"))
            }
        } catch {
            ShardVerifier.append(error, defaultPath: indexURL.path, to: &result)
        }
        return result
    }

    private static func append(_ error: any Error, defaultPath: String, to result: inout DirectoryVerification) {
        let problem: ShardProblem
        switch error as? ShardError {
        case .damaged(let path, let text)?, .badIndex(let path, let text)?, .io(let path, let text)?:
            problem = ShardProblem(severity: .error, path: path, problem: text)
        default:
            problem = ShardProblem(severity: .error, path: defaultPath, problem: String(describing: error))
        }
        result.problems.append(problem)
    }

    private static func problemText(_ error: any Error, dropping path: String) -> String {
        let text = String(describing: error)
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }
}
