import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseDatasets
import StepwiseLoaders

/// `stepwise debug-load`: runs one dataset loader on its own and writes the records as
/// JSON lines on stdout, with a summary (counts, time, throughput) on stderr. A developer
/// tool for acceptance checks and benchmarks; hidden from the main help.
struct DebugLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug-load",
        abstract: "Run one dataset loader and print its records as JSON lines (developer tool).",
        shouldDisplay: false)

    @Option(help: "esnli, anli, cqa, svamp or asdiv.")
    var dataset: String

    @Option(help: "official or reference-jsonl.")
    var format: SourceFormat = .official

    @Option(help: "A file, a directory or an archive holding the dataset's files.")
    var source: String

    @Option(help: "The split (train, valid, test; see each dataset). Default: every split, in order.")
    var split: String?

    @Option(help: "ANLI round (1 to 3).")
    var round: Int = 1

    @Option(help: "Where the CoS-E files are (CommonsenseQA); default: the source.")
    var explanations: String?

    @Option(name: .customLong("on-bad-record"), help: "fail or skip.")
    var onBadRecord: BadRecordPolicy = .fail

    @Option(help: "Keep this share of records, in (0, 1].")
    var fraction: Double = 1.0

    @Option(help: "Sampling seed.")
    var seed: UInt64 = 0

    @Option(help: "This process's rank in a partition by record index.")
    var rank: Int = 0

    @Option(name: .customLong("world-size"), help: "The number of ranks.")
    var worldSize: Int = 1

    @Option(help: "Stop after this many records (per split).")
    var limit: Int?

    @Option(help: "Write skipped records to this JSON-lines file.")
    var rejects: String?

    @Flag(help: "Do not print records, only the summary (for benchmarks).")
    var countOnly = false

    func run() async throws {
        var fields: [(String, JSONValue)] = [
            ("name", .string(dataset)), ("format", .string(format.rawValue)), ("source", .string(source)),
            ("on_bad_record", .string(onBadRecord.rawValue)), ("sample", .object([("fraction", .double(fraction)), ("seed", .int(Int(seed)))])),
        ]
        if dataset == ANLIDataset.name { fields.append(("round", .int(round))) }
        if let explanations { fields.append(("explanations", .string(explanations))) }
        if let limit { fields.append(("limit", .int(limit))) }
        let options: DatasetOptions
        do {
            // The same decoding and checks as a pipeline file's `dataset:` section.
            options = try DatasetOptions.decode(
                yaml: JSONValue.object(fields).jsonText(), file: "debug-load",
                baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        } catch {
            throw ValidationError(error.issues.map(\.detail).joined(separator: "\n"))
        }
        let splits = split.map { [$0] } ?? options.splits
        let sink = try rejects.map { try RejectSink(url: URL(fileURLWithPath: $0), append: false) }
        let monitor = RunMonitor(rejectSink: sink)
        let out = StandardOutputLines(enabled: !countOnly)
        let start = DispatchTime.now().uptimeNanoseconds
        var total = 0
        do {
            for split in splits {
                guard let loader = try options.loaders(split: split, rank: rank, worldSize: worldSize, batchSize: 256).first
                else { continue }
                try await Flow(source: loader, monitor: monitor).drain { batch in
                    out.write(batch)
                }
                let snapshot = monitor.counters(for: loader.name)?.snapshot()
                let count = snapshot?.recordsOut ?? 0
                FileHandle.standardError.write(Data("split \(split): \(count - total) records\n".utf8))
                total = count
            }
        } catch {
            out.flush()
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        out.flush()
        try sink?.close()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let snapshot = monitor.counters(for: "load")?.snapshot()
        let rejected = snapshot?.droppedTotal ?? 0
        let sampled = snapshot?.counts["sampled_out"] ?? 0
        let rate = seconds > 0 ? Double(total) / seconds : 0
        let summary =
            "records \(total), bad_record \(rejected), sampled_out \(sampled), "
            + String(format: "%.3f s, %.0f records/s", seconds, rate)
        FileHandle.standardError.write(Data((summary + "\n").utf8))
    }
}

/// Buffers JSON lines and writes them to stdout in large blocks.
final class StandardOutputLines: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    private let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    func write(_ records: [SourceRecord]) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        for r in records {
            buffer += r.jsonLine()
            buffer += "\n"
        }
        if buffer.utf8.count > 1 << 20 { flushLocked() }
    }

    func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}
