import Foundation
import Logging
import StepwiseConfig
import StepwisePipeline
import StepwiseShards
import Testing

/// The repository root, found from this file's path (`Tests/StepwisePipelineTests/…`).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh, empty directory for one test; removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("stepwise-pipeline-tests-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

/// A copy of `Pipelines/quickstart.yaml` written into a scratch directory, with its
/// relative paths made absolute (so the copy reads the repository's `data/` and
/// exemplars) and any edits applied as exact text replacements.
struct QuickstartCopy {
    var text: String

    /// The quickstart file as it is in the repository, paths resolved.
    init() throws {
        let original = repositoryRoot.appendingPathComponent("Pipelines/quickstart.yaml")
        let raw = try String(contentsOf: original, encoding: .utf8)
        // Comments may mention paths; drop them so the replacements below only touch keys.
        text = raw.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: "\n")
        try replace("../data/", with: repositoryRoot.path + "/data/", all: true)
        try replace("exemplars: prompts/", with: "exemplars: " + repositoryRoot.path + "/Pipelines/prompts/")
    }

    /// Replaces `old` (which must occur) by `new`: a copy that silently stays unchanged
    /// would make a test pass for the wrong reason.
    mutating func replace(_ old: String, with new: String, all: Bool = false) throws {
        guard text.contains(old) else {
            throw FixtureError(description: "Pipelines/quickstart.yaml no longer contains \(old.debugDescription)")
        }
        if all {
            text = text.replacingOccurrences(of: old, with: new)
        } else if let range = text.range(of: old) {
            text.replaceSubrange(range, with: new)
        }
    }

    /// Adds `sample: {fraction: F, seed: S}` to the dataset section.
    mutating func sample(fraction: Double, seed: Int = 0) throws {
        try replace("  splits: [train, valid, test]\n", with: "  splits: [train, valid, test]\n  sample: {fraction: \(fraction), seed: \(seed)}\n")
    }

    /// Small shards and small batches: several shards per split and several batches in
    /// flight, so ordering and commit logic are exercised on the tiny sample data.
    mutating func smallShardsAndBatches() throws {
        try replace("shard_size_limit: 67108864", with: "shard_size_limit: 2048")
        text += "\nrun: {batch_size: 2, channel_capacity: 2}\n"
    }

    /// Writes the file as `dir/quickstart.yaml` and loads it the way the CLI does.
    func load(into dir: URL) throws -> PipelineConfig {
        let url = dir.appendingPathComponent("quickstart.yaml")
        try Data(text.utf8).write(to: url)
        return try PipelineConfig.load(from: url)
    }
}

/// Runs a pipeline in-process, quietly.
@discardableResult
func runPipeline(
    _ config: PipelineConfig, out: URL, workers: Int? = 2, fresh: Bool = false, limit: Int? = nil,
    until: StopStage? = nil, jsonl: URL? = nil, rank: Int = 0, worldSize: Int = 1
) async throws -> RunSummary {
    var options = RunOptions()
    options.outputDirectory = out
    options.workers = workers
    options.fresh = fresh
    options.limit = limit
    options.until = until
    options.jsonl = jsonl?.path
    options.rank = rank
    options.worldSize = worldSize
    options.progress = .quiet
    var logger = Logger(label: "stepwise-tests")
    logger.logLevel = .critical
    options.logger = logger
    return try await PipelineRunner(config: config, options: options).run()
}

/// Every regular file below `root`, by path relative to `root`, with its bytes.
func fileTree(_ root: URL, only top: [String]? = nil) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let fm = FileManager.default
    let rootPath = root.standardizedFileURL.path
    guard let walker = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
    for case let url as URL in walker {
        guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
        var relative = url.standardizedFileURL.path
        if relative.hasPrefix(rootPath + "/") { relative.removeFirst(rootPath.count + 1) }
        if let top, let first = relative.split(separator: "/").first, !top.contains(String(first)) { continue }
        files[relative] = try Data(contentsOf: url)
    }
    return files
}

/// Modification dates of every regular file below `root`.
func modificationDates(_ root: URL) throws -> [String: Date] {
    var dates: [String: Date] = [:]
    let rootPath = root.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(
        at: root, includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey])
    else { return dates }
    for case let url as URL in walker {
        let values = try url.resourceValues(forKeys: [.isRegularFileKey, .contentModificationDateKey])
        guard values.isRegularFile == true else { continue }
        var relative = url.standardizedFileURL.path
        if relative.hasPrefix(rootPath + "/") { relative.removeFirst(rootPath.count + 1) }
        dates[relative] = values.contentModificationDate
    }
    return dates
}

/// The run record as a JSON object without the keys that hold wall-clock time.
func runRecordWithoutTimes(_ url: URL) throws -> NSDictionary {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    guard var dict = object as? [String: Any] else { throw FixtureError(description: "\(url.path): not a JSON object") }
    for key in ["started_at", "updated_at", "duration_seconds"] {
        #expect(dict[key] != nil, "\(url.lastPathComponent) has no \(key)")
        dict[key] = nil
    }
    return dict as NSDictionary
}

/// The JSON objects of a JSON-lines file, one per line.
func jsonLines(_ url: URL) throws -> [[String: Any]] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return try text.split(separator: "\n").enumerated().map { number, line in
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw FixtureError(description: "\(url.lastPathComponent):\(number + 1): not a JSON object")
        }
        return object
    }
}

/// The splits of the quickstart pipeline, in run order.
let quickstartSplits = ["train", "valid", "test"]

/// The files a run's output is compared by: the split folders and `rejects.jsonl`
/// (not the run record, which holds times, nor the imported recordings).
let outputParts = quickstartSplits + ["rejects.jsonl"]

/// The entries of `tree` (from ``fileTree(_:only:)``) that belong to ``outputParts``.
func outputFiles(_ tree: [String: Data]) -> [String: Data] {
    tree.filter { entry in outputParts.contains(entry.key.split(separator: "/").first.map(String.init) ?? "") }
}

/// The sample ids of one split directory (or rank folder), in shard order.
func shardSampleIDs(_ directory: URL) throws -> [String] {
    let reader = try ShardReader(directory: directory)
    var cursor = reader.samples()
    var ids: [String] = []
    while let sample = try cursor.next() {
        guard let id = sample.id else { throw FixtureError(description: "\(directory.path): sample \(sample.index) has no id") }
        ids.append(id)
    }
    return ids
}

/// One token column of a split directory, as (sample id, ids) in shard order.
func shardTokenColumn(_ directory: URL, _ column: String) throws -> [(String, [Int32])] {
    let reader = try ShardReader(directory: directory)
    var cursor = reader.samples()
    var rows: [(String, [Int32])] = []
    while let sample = try cursor.next() {
        guard let id = sample.id, let ids = sample.tokens(column) else {
            throw FixtureError(description: "\(directory.path): sample \(sample.index) lacks id or \(column)")
        }
        rows.append((id, ids))
    }
    return rows
}

/// The byte ranges of a file's lines, without their terminators (LF, or CR LF as in the
/// official CSV files). Works on bytes: Swift's `String` treats CR LF as one character,
/// so splitting text on "\n" would not find those line ends.
func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    var start = 0
    for (i, b) in bytes.enumerated() where b == 0x0A {
        lines.append(start..<(i > start && bytes[i - 1] == 0x0D ? i - 1 : i))
        start = i + 1
    }
    if start < bytes.count { lines.append(start..<bytes.count) }
    return lines
}

/// Replaces line `number` (1-based) of a text file, keeping its terminator.
func replaceLine(_ number: Int, of file: URL, with line: String) throws {
    let bytes = [UInt8](try Data(contentsOf: file))
    let lines = lineRanges(bytes)
    guard lines.indices.contains(number - 1) else {
        throw FixtureError(description: "\(file.path) has \(lines.count) lines, no line \(number)")
    }
    let range = lines[number - 1]
    try Data(Array(bytes[..<range.lowerBound]) + Array(line.utf8) + Array(bytes[range.upperBound...])).write(to: file)
}
