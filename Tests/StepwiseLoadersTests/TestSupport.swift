import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLoaders

/// The repository's `data/` folder with the committed samples.
let dataDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("data")

/// The shared real corpora beside the repository, when present.
let corporaDirectory = dataDirectory.deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/corpora")

/// A fresh empty temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-loaders-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to `name` inside `directory` (creating subfolders) and returns its URL.
@discardableResult
func write(_ text: String, to name: String, in directory: URL) throws -> URL {
    try write(Data(text.utf8), to: name, in: directory)
}

@discardableResult
func write(_ data: Data, to name: String, in directory: URL) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url)
    return url
}

/// What a loader run produced.
struct LoadResult {
    var records: [SourceRecord]
    var rejects: [JSONValue]
    var counters: StageCounterSnapshot
    var batchSizes: [Int]
}

/// Runs a loader to the end through a ``Flow``, collecting records and rejects.
func load(_ options: TestLoad, split: String) async throws -> LoadResult {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let rejectsURL = dir.appendingPathComponent("rejects.jsonl")
    let sink = try RejectSink(url: rejectsURL, append: false)
    let monitor = RunMonitor(rejectSink: sink)
    let loader = try DatasetLoader(options: options, split: split)
    let collected = Collector()
    try await Flow(source: loader, monitor: monitor).drain { batch in collected.add(batch) }
    try sink.close()
    let rejectLines = try String(contentsOf: rejectsURL, encoding: .utf8).split(separator: "\n")
    let rejects = try rejectLines.map { try JSONParser.parse(Array($0.utf8)) }
    return LoadResult(
        records: collected.records, rejects: rejects,
        counters: monitor.counters(for: "load")?.snapshot() ?? StageCounterSnapshot(name: "load"),
        batchSizes: collected.batchSizes)
}

/// Runs a loader that is expected to fail and returns its error.
func loadError(_ options: TestLoad, split: String) async throws -> LoaderError {
    do {
        let result = try await load(options, split: split)
        Issue.record("expected an error, got \(result.records.count) records")
        throw LoaderError(.io, file: "", message: "no error")
    } catch let error as StageError {
        guard let inner = error.underlying as? LoaderError else { throw error }
        return inner
    } catch let error as LoaderError {
        return error
    }
}

final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var _records: [SourceRecord] = []
    private var _sizes: [Int] = []

    func add(_ batch: [SourceRecord]) {
        lock.lock()
        _records += batch
        _sizes.append(batch.count)
        lock.unlock()
    }

    var records: [SourceRecord] { lock.lock(); defer { lock.unlock() }; return _records }
    var batchSizes: [Int] { lock.lock(); defer { lock.unlock() }; return _sizes }
}

/// Runs a shell command (used to build archives for tests); returns its exit status.
@discardableResult
func shell(_ command: String, in directory: URL) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = directory
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

extension MemoryByteStream {
    /// Bytes in memory named `memory.txt`, three bytes per read unless `chunk` says otherwise.
    convenience init(bytes: [UInt8], chunk: Int = 3) {
        self.init(bytes: bytes, chunk: chunk, name: SourceName(file: "memory.txt"))
    }

    convenience init(_ text: String, chunk: Int = 3) {
        self.init(bytes: Array(text.utf8), chunk: chunk)
    }
}

/// Whether a command-line tool is on PATH (tests that build archives with it need it).
func toolAvailable(_ name: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let found = path.split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
    }
    if !found { print("'\(name)' is not on PATH; skipping the test that needs it") }
    return found
}

/// One dataset's loader as the tests describe it: the dataset, its format and settings, and
/// the loading options (the pipeline builds the same from a dataset descriptor).
struct TestLoad {
    var dataset: String
    var format: SourceFormat = .official
    var source: URL
    var explanations: URL? = nil
    var round = 1
    var onBadRecord: BadRecordPolicy = .fail
    var sampleFraction = 1.0
    var sampleSeed: UInt64 = 0
    var rank = 0
    var worldSize = 1
    var batchSize = 256
    var limit: Int? = nil

    static let splits = ["esnli": ["train", "valid", "test"], "anli": ["train", "valid", "test"], "cqa": ["train", "test"],
                         "svamp": ["train", "test"], "asdiv": ["train"]]

    func reader(split: String) throws -> any SplitReader {
        switch dataset {
        case "esnli": return try ESNLI.reader(format: format, source: source, split: split)
        case "anli": return try ANLI.reader(format: format, source: source, round: round, split: split)
        case "cqa": return try CQA.reader(format: format, source: source, explanations: explanations ?? source, split: split)
        case "svamp": return try SVAMP.reader(format: format, source: source, split: split)
        default: return try ASDiv.reader(format: format, source: source, split: split)
        }
    }
}

extension DatasetLoader {
    /// The loader of a test description, checked as a pipeline file's values are.
    init(options t: TestLoad, split: String) throws {
        guard TestLoad.splits[t.dataset]?.contains(split) == true else {
            throw LoaderError(.invalidOptions, file: t.source.path, message: "\(t.dataset) has no split '\(split)'")
        }
        guard (1...3).contains(t.round) else {
            throw LoaderError(.invalidOptions, file: t.source.path, message: "ANLI round must be 1, 2 or 3")
        }
        _ = try DataLocation(url: t.source)
        let load = LoadOptions(
            sample: SampleOptions(fraction: t.sampleFraction, seed: Int(t.sampleSeed)), onBadRecord: t.onBadRecord,
            limit: t.limit)
        try self.init(
            options: LoaderOptions(dataset: t.dataset, load: load, rank: t.rank, worldSize: t.worldSize, batchSize: t.batchSize),
            split: split, makeReader: { try t.reader(split: split) })
    }
}
