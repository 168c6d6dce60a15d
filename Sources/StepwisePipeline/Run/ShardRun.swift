import Foundation
import Logging
import StepwiseConfig
import StepwiseCore
import StepwiseShards
import StepwiseTokenizer

/// A full run into shards, resumable.
///
/// Per split: the input is read, records up to the committed position are skipped, the
/// rest flow through prompt → teacher → parse → tokenize into a ``ShardSink``. Progress is
/// kept in the run record (``RunRecord``), which is saved around every shard commit; see
/// ``ShardSink`` for how "committed" is defined.
struct ShardRun {
    let factory: StageFactory

    var config: PipelineConfig { factory.config }
    var options: RunOptions { factory.options }
    var logger: Logger { options.logger }
    var outputDir: URL { factory.outputDirectory }

    func run() async throws -> RunSummary {
        let started = Date()
        let fm = FileManager.default
        try fm.createDirectory(at: outputDir, withIntermediateDirectories: true)
        let recordURL = outputDir.appendingPathComponent(RunPaths.recordName(options))
        let rejectsURL = outputDir.appendingPathComponent(RunPaths.rejectsName(options))
        let tokenizer = try factory.loadTokenizer()
        let comparable = Fingerprint.comparableConfig(config, options: options)
        var fresh = RunRecord(
            pipeline: config.name,
            configHash: Fingerprint.sha256(comparable.jsonText()),
            parseHash: Fingerprint.sha256(Fingerprint.parseSection(config).jsonText()),
            tokenizerFingerprint: tokenizer.fingerprint,
            promptsHash: try config.prompt.exemplars.map { Fingerprint.sha256(try Data(contentsOf: $0.url)) },
            rank: options.rank, worldSize: options.worldSize, splits: [:], pending: [:], config: comparable,
            finished: false, startedAt: Self.timestamp(started), updatedAt: Self.timestamp(started),
            durationSeconds: 0)

        // What is in the directory already?
        var record = fresh
        if options.fresh {
            try removeOutputs(recordURL: recordURL, rejectsURL: rejectsURL)
        } else if let existing = try RunRecord.load(from: recordURL) {
            let changes = compatibility(existing, with: fresh)
            if changes.onlyParse {
                logger.info("parse settings changed: re-parsing everything from the teacher cache into fresh shards")
                try removeOutputs(recordURL: recordURL, rejectsURL: rejectsURL)
            } else if !changes.paths.isEmpty {
                throw PipelineError.configurationChanged(outputDir: outputDir.path, changes: changes.paths)
            } else if existing.finished {
                return RunSummary(
                    text: "nothing to do: \(outputDir.path) holds this pipeline's finished run (\(existing.updatedAt)); --fresh starts over",
                    record: existing)
            } else {
                record = existing
                logger.info("resuming the run in \(outputDir.path)")
            }
        } else if try hasShards() {
            throw PipelineError.invalidOption(
                "\(outputDir.path) holds shards but no \(RunPaths.recordName(options)); use --fresh to start over or another --out")
        }
        fresh.splits = [:]

        // rejects.jsonl holds exactly the committed rejections.
        let committedRejects = record.splits.values.map(\.rejectsBytes).max() ?? 0
        try Self.truncateFile(rejectsURL, to: committedRejects)
        let rejects = try RejectSink(url: rejectsURL, append: true, holdUntilCommit: true)
        defer { try? rejects.close() }
        let recordBox = RunRecordStore(record: record, url: recordURL, started: started)
        try recordBox.save()

        let monitor = RunMonitor(rejectSink: rejects)
        let reporter = ProgressReporter(monitor: monitor, mode: options.progress, label: config.name)
        reporter.start()
        defer { reporter.stop() }

        for split in config.dataset.splits.map(\.rawValue) {
            if record.splits[split]?.done == true {
                logger.info("split \(split): already complete")
                continue
            }
            try await runSplit(split, tokenizer: tokenizer, store: recordBox, rejects: rejects, monitor: monitor)
        }
        try recordBox.update { $0.finished = true }
        let final = recordBox.current
        return RunSummary(text: Self.summary(final, outputDir: outputDir, monitor: monitor), record: final)
    }

    private func runSplit(
        _ split: String, tokenizer: SentencePieceTokenizer, store: RunRecordStore, rejects: RejectSink,
        monitor: RunMonitor
    ) async throws {
        let directory = RunPaths.splitDirectory(outputDir, split: split, options: options)
        let schema = try ShardSchema.stepwise(
            tokenDType: config.output.tokenDType == .uint16 ? .uint16 : .int32,
            textColumns: config.output.textColumns, vocabularySize: tokenizer.vocabularySize)
        let writerOptions = ShardWriterOptions(
            compression: try ShardCompression(parsing: config.output.compression.text),
            sizeLimit: config.output.shardSizeLimit,
            hashes: config.output.hashes.compactMap { ShardHashAlgorithm(rawValue: $0.rawValue) },
            compressionWorkers: 1)

        // Adopt a commit that reached index.json but not the run record.
        var state = store.current.splits[split] ?? SplitRecord()
        let indexURL = directory.appendingPathComponent("index.json")
        let listed = FileManager.default.fileExists(atPath: indexURL.path) ? try ShardIndex.load(from: indexURL).shards.count : 0
        if let pending = store.current.pending[split], listed == pending.shards {
            state = pending
        } else if listed != state.shards {
            throw PipelineError.damagedRunRecord(
                path: directory.path,
                detail: "index.json lists \(listed) shards but the run record says \(state.shards)")
        }
        try store.update {
            $0.splits[split] = state
            $0.pending[split] = nil
        }
        rejects.resetCounts(to: state.filtered)

        let sink = ShardSink(split: split, state: state, rejects: rejects, store: store, logger: logger)
        let writer = try ShardWriter(
            resumingIn: directory, schema: schema, options: writerOptions,
            beforeCommit: { commit in try sink.willCommit(commit) },
            onCommit: { commit in try sink.didCommit(commit) })
        sink.attach(writer)

        let source = SplitSource(
            loaders: try factory.loaders(split: split), skipThrough: state.committedPosition, limit: options.limit)
        let loaded = Flow(source: source, monitor: monitor, channelCapacity: config.run.channelCapacity)
        let parsed: Flow<ParsedRecord>
        if config.teacher.asks(split: split) {
            let answered = try factory.promptedFlow(loaded)
                .then(try factory.teacherStage(), workers: factory.teacherWorkers)
            parsed = factory.parsedFlow(answered, tokenizer: tokenizer, emitFiltered: true)
        } else {
            parsed = loaded.then(UnaskedSplitStage())
        }
        let flow = parsed.then(factory.tokenizeStage(tokenizer: tokenizer), workers: factory.workers)
        do {
            try await flow.drain { batch in try await sink.consume(batch) }
            try await sink.finish()
        } catch {
            rejects.discardPending()
            throw error
        }
        logger.info("split \(split): \(store.current.splits[split]?.samples ?? 0) samples in \(store.current.splits[split]?.shards ?? 0) shards")
    }

    private struct Compatibility {
        var paths: [String]
        var onlyParse: Bool
    }

    private func compatibility(_ old: RunRecord, with new: RunRecord) -> Compatibility {
        var paths = Fingerprint.differences(old.config, new.config)
        if old.tokenizerFingerprint != new.tokenizerFingerprint { paths.append("tokenizer (the model file's content)") }
        if old.promptsHash != new.promptsHash { paths.append("prompt exemplars (the file's content)") }
        let parseChanged = old.parseHash != new.parseHash
        if paths.isEmpty && parseChanged { return Compatibility(paths: ["parse"], onlyParse: true) }
        if parseChanged { paths.append("parse") }
        return Compatibility(paths: paths, onlyParse: false)
    }

    /// Removes a previous run's outputs (split folders, run record, rejects); keeps the teacher cache.
    private func removeOutputs(recordURL: URL, rejectsURL: URL) throws {
        let fm = FileManager.default
        for split in SplitName.allCases.map(\.rawValue) {
            let dir = RunPaths.splitDirectory(outputDir, split: split, options: options)
            if fm.fileExists(atPath: dir.path) { try fm.removeItem(at: dir) }
        }
        for url in [recordURL, rejectsURL] where fm.fileExists(atPath: url.path) {
            try fm.removeItem(at: url)
        }
    }

    private func hasShards() throws -> Bool {
        SplitName.allCases.contains { split in
            let dir = RunPaths.splitDirectory(outputDir, split: split.rawValue, options: options)
            return FileManager.default.fileExists(atPath: dir.appendingPathComponent("index.json").path)
        }
    }

    static func truncateFile(_ url: URL, to length: Int64) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        guard truncate(url.path, off_t(length)) == 0 else {
            throw PipelineError.io(path: url.path, detail: "cannot truncate to \(length) bytes: \(String(cString: strerror(errno)))")
        }
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func summary(_ record: RunRecord, outputDir: URL, monitor: RunMonitor) -> String {
        var lines = ["\(record.pipeline): finished in \(String(format: "%.1f", record.durationSeconds)) s → \(outputDir.path)"]
        for (split, s) in record.splits.sorted(by: { $0.key < $1.key }) {
            var line = "  \(split): \(s.samples) samples in \(s.shards) shards"
            let filtered = s.filtered.values.reduce(0, +)
            if filtered > 0 {
                line += ", \(filtered) filtered ("
                    + s.filtered.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
            }
            if let acc = s.teacherAccuracy.accuracy {
                line += String(format: ", teacher accuracy %.1f%%", acc * 100)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
