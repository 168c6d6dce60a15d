import Foundation
import Logging
import StepwiseCore

/// `stepwise run --until STAGE --jsonl FILE`: runs the pipeline up to one stage and
/// writes that stage's records as JSON lines, split after split, with the records that stage
/// dropped among them (their `rejects.jsonl` lines, in input order). Nothing goes to the
/// shards; every dropped record also goes to `rejects.jsonl` in the output directory.
struct UntilRun {
    let config: PipelineConfig
    let options: RunOptions
    let outputDir: URL
    let stop: StopStage
    let jsonl: String

    func run() async throws -> RunSummary {
        if FileManager.default.fileExists(atPath: outputDir.appendingPathComponent(RunPaths.recordName(options)).path) {
            throw PipelineError.invalidOption(
                "\(outputDir.path) holds a shard run; give --out another directory for --until runs (rejects.jsonl would mix)")
        }
        let rejects = try RejectSink(url: outputDir.appendingPathComponent("rejects.jsonl"), append: false)
        let writer = jsonl == "-" ? JSONLinesWriter() : try JSONLinesWriter(url: URL(fileURLWithPath: jsonl))
        let sink = JSONLinesSink(stop: stop, writer: LockedLineWriter(writer), rejects: rejects, logger: options.logger)
        let monitor = RunMonitor(rejectSink: rejects)
        let reporter = ProgressReporter(monitor: monitor, mode: options.progress, label: "\(config.name) until \(stop.rawValue)")
        reporter.start()
        defer { reporter.stop() }
        let graph = try StageGraph(config: config, options: options, outputDirectory: outputDir, stop: stop)
        for split in config.dataset.splits {
            try await graph.run(split: split, into: sink, monitor: monitor)
        }
        let written = sink.writer.count
        try sink.writer.close()
        try rejects.close()
        let dropped = monitor.snapshots().reduce(0) { $0 + $1.droppedTotal }
        return RunSummary(
            text: "wrote \(written) records after stage '\(stop.rawValue)' to \(jsonl == "-" ? "standard output" : jsonl)"
                + (dropped > 0 ? "; \(dropped) dropped (see \(outputDir.appendingPathComponent("rejects.jsonl").path))" : ""),
            record: nil)
    }
}

/// Writes the records after one stage as JSON lines, and the drops to `rejects.jsonl`.
struct JSONLinesSink: GraphSink {
    let stop: StopStage?
    let writer: LockedLineWriter
    let rejects: RejectSink
    let logger: Logger

    var needsPrompts: Bool { true }

    /// The stages whose drops appear in the dump: the stop stage's (and for parse, dedup's).
    private var shown: Set<String> {
        guard let stop else { return [] }
        return stop == .parse ? ["parse", "dedup"] : [stop.rawValue]
    }

    private func write<R: JSONRecord>(_ flow: Flow<R>) async throws {
        let shown = self.shown
        try await flow.drainBatches { batch in
            if !batch.rejections.isEmpty { try rejects.write(batch.rejections) }
            try writer.write(batch, showing: shown)
        }
    }

    func take(loaded: Flow<SourceRecord>) async throws { try await write(loaded) }
    func take(prompted: Flow<PromptedRecord>) async throws { try await write(prompted) }
    func take(answered: Flow<TeacherRecord>) async throws { try await write(answered) }
    func take(parsed: Flow<ParsedRecord>) async throws { try await write(parsed) }
    func take(tokenized: Flow<TokenizedExample>) async throws { try await write(tokenized) }

    func take(unasked: Flow<SourceRecord>, split: String) async throws {
        logger.info("split \(split): not sent to the teacher (teacher.splits); no records after '\(stop?.rawValue ?? "")'")
    }
}

/// A JSON-lines writer shared by the flow's sink calls.
final class LockedLineWriter: @unchecked Sendable {
    private let lock = NSLock()
    private let writer: JSONLinesWriter
    private(set) var count = 0

    init(_ writer: JSONLinesWriter) { self.writer = writer }

    /// Writes the records and the rejections of `stages`, by position.
    func write<R: JSONRecord>(_ batch: Batch<R>, showing stages: Set<String>) throws {
        var lines: [(position: Int, line: String)] = batch.records.map { ($0.sourceIndex ?? Int.min, $0.jsonLine()) }
        for r in batch.rejections where stages.contains(r.stage) { lines.append((r.sourceIndex ?? Int.min, r.jsonLine())) }
        let ordered = lines.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }
        lock.lock()
        defer { lock.unlock() }
        for (_, entry) in ordered { try writer.write(line: entry.line) }
        count += ordered.count
    }

    func close() throws {
        lock.lock()
        defer { lock.unlock() }
        try writer.close()
    }
}
