import Foundation
import StepwiseCore
import StepwiseTokenizer

/// `stepwise run --until STAGE --jsonl FILE`: runs the pipeline up to one stage and
/// writes that stage's records as JSON lines, split after split, with the records that stage
/// dropped among them (their `rejects.jsonl` lines, in input order). Nothing goes to the
/// shards; every dropped record also goes to `rejects.jsonl` in the output directory.
struct UntilRun {
    let factory: StageFactory
    let stop: StopStage
    let jsonl: String

    func run() async throws -> RunSummary {
        let options = factory.options
        let outputDir = factory.outputDirectory
        if FileManager.default.fileExists(atPath: outputDir.appendingPathComponent(RunPaths.recordName(options)).path) {
            throw PipelineError.invalidOption(
                "\(outputDir.path) holds a shard run; give --out another directory for --until runs (rejects.jsonl would mix)")
        }
        let rejects = try RejectSink(url: outputDir.appendingPathComponent("rejects.jsonl"), append: false)
        let writer: JSONLinesWriter
        if jsonl == "-" {
            writer = JSONLinesWriter()
        } else {
            writer = try JSONLinesWriter(url: URL(fileURLWithPath: jsonl))
        }
        let sink = LockedLineWriter(writer)
        let monitor = RunMonitor(rejectSink: rejects)
        let reporter = ProgressReporter(monitor: monitor, mode: options.progress, label: "\(factory.config.name) until \(stop.rawValue)")
        reporter.start()
        defer { reporter.stop() }
        let tokenizer: SentencePieceTokenizer? =
            (stop == .parse || stop == .tokenize) ? try factory.loadTokenizer() : nil
        var written = 0
        for split in factory.config.dataset.splits.map(\.rawValue) {
            let source = SplitSource(loaders: try factory.loaders(split: split), skipThrough: -1, limit: options.limit)
            let loaded = Flow(source: source, monitor: monitor, channelCapacity: factory.config.run.channelCapacity)
            let workers = factory.workers
            // The parse dump shows what the parse family (parse, dedup) filtered.
            let shownStages: Set<String> = stop == .parse ? ["parse", "dedup"] : [stop.rawValue]
            func drain<R: JSONRecord>(_ flow: Flow<R>) async throws {
                try await flow.drainBatches { batch in
                    if !batch.rejections.isEmpty { try rejects.write(batch.rejections) }
                    try sink.write(batch, showing: shownStages)
                }
            }
            if stop == .load {
                try await drain(loaded)
                continue
            }
            if !factory.config.teacher.asks(split: split) {
                // Not sent to the teacher (teacher.splits): nothing to show before parse.
                if stop == .prompt || stop == .teacher {
                    options.logger.info("split \(split): not sent to the teacher (teacher.splits); no records after '\(stop.rawValue)'")
                    continue
                }
                let parsed = loaded.then(UnaskedSplitStage())
                if stop == .parse {
                    try await drain(parsed)
                } else if let tokenizer {
                    try await drain(parsed.then(factory.tokenizeStage(tokenizer: tokenizer), workers: workers))
                }
                continue
            }
            let prompted = try factory.promptedFlow(loaded)
            if stop == .prompt {
                try await drain(prompted)
                continue
            }
            let answered = prompted.then(try factory.teacherStage(), workers: factory.teacherWorkers)
            if stop == .teacher {
                try await drain(answered)
                continue
            }
            let parsed = factory.parsedFlow(answered, tokenizer: tokenizer)
            if stop == .parse {
                try await drain(parsed)
                continue
            }
            if let tokenizer {
                try await drain(parsed.then(factory.tokenizeStage(tokenizer: tokenizer), workers: workers))
            }
        }
        written = sink.count
        try sink.close()
        try rejects.close()
        let dropped = monitor.snapshots().reduce(0) { $0 + $1.droppedTotal }
        return RunSummary(
            text: "wrote \(written) records after stage '\(stop.rawValue)' to \(jsonl == "-" ? "standard output" : jsonl)"
                + (dropped > 0 ? "; \(dropped) dropped (see \(outputDir.appendingPathComponent("rejects.jsonl").path))" : ""),
            record: nil)
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
