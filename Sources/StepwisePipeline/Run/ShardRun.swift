import Foundation
import Logging
import StepwiseConfig
import StepwiseCore
import StepwiseRationales
import StepwiseShards
import StepwiseTeacher
import StepwiseTokenizer

/// A full run into shards, resumable.
///
/// Per split: the input is read, records up to the committed position are skipped, the
/// rest flow through prompt → teacher → parse → tokenize into a ``ShardSink``. Progress is
/// kept in the run record (``RunRecord``), which is saved around every shard commit; see
/// ``ShardSink`` for how "committed" is defined.
struct ShardRun {
    let config: PipelineConfig
    let options: RunOptions
    let outputDir: URL

    var logger: Logger { options.logger }

    func run() async throws -> RunSummary {
        let started = Date()
        let fm = FileManager.default
        try fm.createDirectory(at: outputDir, withIntermediateDirectories: true)
        let recordURL = outputDir.appendingPathComponent(RunPaths.recordName(options))
        let rejectsURL = outputDir.appendingPathComponent(RunPaths.rejectsName(options))
        let tokenizer = try SentencePieceTokenizer(contentsOf: config.tokenizer.path.url)
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
        fresh.task = config.taskDescription

        try refuseOtherLayout()

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
                record.task = fresh.task
                logger.info("resuming the run in \(outputDir.path)")
            }
        } else if try hasShards() {
            throw PipelineError.invalidOption(
                "\(outputDir.path) holds shards but no \(RunPaths.recordName(options)); use --fresh to start over or another --out")
        }
        fresh.splits = [:]
        let price = config.teacher.backend(OpenAITeacherOptions.self)?.price
        record.teacherPrice = price
        // Built after the checks above: a teacher may write to the output directory (imported
        // recordings), which a refused run must leave as it was.
        let graph = try StageGraph(
            config: config, options: options, outputDirectory: outputDir, stop: nil, tokenizer: tokenizer,
            teacherSpentBefore: record.teacherCost ?? 0)

        // A commit that reached index.json but not the run record is final: adopt it before
        // cutting rejects.jsonl back to what is committed, or its rejections would be lost.
        record = try adoptingPendingCommits(record)
        // rejects.jsonl holds exactly the committed rejections.
        let committedRejects = record.splits.values.map(\.rejectsBytes).max() ?? 0
        try Self.truncateFile(rejectsURL, to: committedRejects)
        let rejects = try RejectSink(url: rejectsURL, append: true, holdUntilCommit: true)
        defer { try? rejects.close() }
        let recordBox = RunRecordStore(record: record, url: recordURL, started: started)
        try recordBox.save()
        try copyTokenizer()

        let monitor = RunMonitor(rejectSink: rejects)
        let reporter = ProgressReporter(monitor: monitor, mode: options.progress, label: config.name)
        reporter.start()
        defer { reporter.stop() }

        for split in config.dataset.splits {
            if record.splits[split]?.done == true {
                logger.info("split \(split): already complete")
                continue
            }
            try await runSplit(split, graph: graph, tokenizer: tokenizer, store: recordBox, rejects: rejects, monitor: monitor)
        }
        if options.worldSize == 1 {
            // Before the run counts as finished: a rerun of a finished run does nothing.
            try DatasetCard(
                output: try RunOutput(root: outputDir), parse: Fingerprint.parseSection(config),
                description: config.description, license: config.output.license
            ).write()
        }
        try recordBox.update { $0.finished = true }
        let final = recordBox.current
        return RunSummary(text: Self.summary(final, outputDir: outputDir, monitor: monitor), record: final)
    }

    private func runSplit(
        _ split: String, graph: StageGraph, tokenizer: SentencePieceTokenizer, store: RunRecordStore,
        rejects: RejectSink, monitor: RunMonitor
    ) async throws {
        let directory = RunPaths.splitDirectory(outputDir, split: split, options: options)
        let schema = try ShardSchema.stepwise(
            tokenDType: config.output.tokenDType, textColumns: config.output.textColumns,
            vocabularySize: tokenizer.vocabularySize, metadata: config.teacher.voting.samples > 1)
        let writerOptions = config.output.writerOptions

        let state = store.current.splits[split] ?? SplitRecord()
        let listed = try listedShards(directory)
        guard listed == state.shards else {
            throw PipelineError.damagedRunRecord(
                path: directory.path,
                detail: "index.json lists \(listed) shards but the run record says \(state.shards)")
        }
        rejects.resetCounts(to: state.filtered)

        // The duplicate filter starts from the inputs of the samples committed before.
        var dedupKeys: DedupKeyLog?
        var remembered: [DuplicateInputStage.InputKey] = []
        if config.parse.dropDuplicateInputs {
            let log = try DedupKeyLog(
                url: outputDir.appendingPathComponent(RunPaths.dedupKeysName(split: split, options: options)),
                committedBytes: state.dedupBytes ?? 0)
            remembered = try log.committedKeys()
            dedupKeys = log
        }
        defer { try? dedupKeys?.close() }
        let sink = ShardSink(
            split: split, state: state, rejects: rejects, dedupKeys: dedupKeys, store: store, logger: logger,
            rejectCheckpointInterval: options.rejectCheckpointInterval, faults: options.faultInjection, monitor: monitor)
        let writer = try ShardWriter(
            resumingIn: directory, schema: schema, options: writerOptions,
            beforeCommit: { commit in try sink.willCommit(commit) },
            onCommit: { commit in try sink.didCommit(commit) },
            companion: config.output.writesParquet
                ? ParquetShardCompanion(
                    directory: parquetDirectory(split), split: split, columns: ParquetLayout.columns(for: schema),
                    options: config.output.parquetOptions)
                : nil)
        sink.attach(writer)

        try await graph.run(
            split: split, into: sink, monitor: monitor, skipThrough: state.committedPosition, remembering: remembered)
        logger.info("split \(split): \(store.current.splits[split]?.samples ?? 0) samples in \(store.current.splits[split]?.shards ?? 0) shards")
    }

    /// `OUT/parquet/<split>`, or `OUT/parquet/<split>/0000R` for rank R.
    private func parquetDirectory(_ split: String) -> URL {
        ParquetLayout.directory(root: outputDir, split: split, rank: options.worldSize > 1 ? options.rank : nil)
    }

    /// Puts the tokenizer model beside the shards (`OUT/tokenizer/<its file name>`), so the
    /// output says how its ids were made and the trainer decodes them with the same model.
    private func copyTokenizer() throws {
        let source = config.tokenizer.path.url
        let target = outputDir.appendingPathComponent(RunPaths.tokenizerDirectory, isDirectory: true)
            .appendingPathComponent(source.lastPathComponent)
        let data = try Data(contentsOf: source)
        if (try? Data(contentsOf: target)) == data { return }
        try AtomicFile.write(data, to: target)
    }

    /// `record` with each pending commit that `index.json` lists promoted, and the others
    /// dropped (their shard never reached the index, so their input is processed again).
    private func adoptingPendingCommits(_ record: RunRecord) throws -> RunRecord {
        var record = record
        for (split, pending) in record.pending {
            let directory = RunPaths.splitDirectory(outputDir, split: split, options: options)
            if try listedShards(directory) == pending.shards { record.splits[split] = pending }
            record.pending[split] = nil
        }
        return record
    }

    /// The number of shards `index.json` in `directory` lists (0 without one).
    private func listedShards(_ directory: URL) throws -> Int {
        let indexURL = directory.appendingPathComponent("index.json")
        guard FileManager.default.fileExists(atPath: indexURL.path) else { return 0 }
        return try ShardIndex.load(from: indexURL).shards.count
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
        for split in knownSplits {
            let dir = RunPaths.splitDirectory(outputDir, split: split, options: options)
            if fm.fileExists(atPath: dir.path) { try fm.removeItem(at: dir) }
            let parquet = parquetDirectory(split)
            if fm.fileExists(atPath: parquet.path) { try fm.removeItem(at: parquet) }
        }
        let dedup = outputDir.appendingPathComponent("dedup", isDirectory: true)
        if options.worldSize == 1, fm.fileExists(atPath: dedup.path) { try fm.removeItem(at: dedup) }
        for split in knownSplits {
            let keys = outputDir.appendingPathComponent(RunPaths.dedupKeysName(split: split, options: options))
            if fm.fileExists(atPath: keys.path) { try fm.removeItem(at: keys) }
        }
        let card = outputDir.appendingPathComponent(DatasetCard.fileName)
        for url in [recordURL, rejectsURL] + (options.worldSize == 1 ? [card] : []) where fm.fileExists(atPath: url.path) {
            try fm.removeItem(at: url)
        }
    }

    /// A single-machine run and a partitioned run must not share an output directory: their
    /// shards would mix (rank folders beside split-level shards).
    private func refuseOtherLayout() throws {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: outputDir.path)) ?? []
        let rankRecords = names.filter { $0.hasPrefix("run.rank-") && $0.hasSuffix(".json") }
        func refuse(_ what: String) -> PipelineError {
            .invalidOption(
                "\(outputDir.path) holds \(what); a \(options.worldSize > 1 ? "partitioned" : "single-machine") run cannot share it. Use another --out.")
        }
        if options.worldSize == 1 {
            if let first = rankRecords.first { throw refuse("a partitioned run (\(first))") }
            for split in knownSplits {
                let dir = outputDir.appendingPathComponent(split, isDirectory: true)
                let entries = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
                if let rank = entries.first(where: { $0.count == 5 && $0.allSatisfy(\.isNumber) }) {
                    throw refuse("rank folders (\(split)/\(rank))")
                }
            }
        } else {
            if names.contains("run.json") { throw refuse("a single-machine run (run.json)") }
            for split in knownSplits {
                let dir = outputDir.appendingPathComponent(split, isDirectory: true)
                let entries = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
                if let shard = entries.first(where: { $0.hasPrefix("shard.") }) {
                    throw refuse("shards of a single-machine run (\(split)/\(shard))")
                }
            }
        }
    }

    private func hasShards() throws -> Bool {
        knownSplits.contains { split in
            let dir = RunPaths.splitDirectory(outputDir, split: split, options: options)
            return FileManager.default.fileExists(atPath: dir.appendingPathComponent("index.json").path)
        }
    }

    /// The split folders an output directory may hold: this pipeline's, the dataset's and
    /// the usual three (a changed pipeline may have written others).
    private var knownSplits: [String] {
        Array(Set(config.dataset.splits + config.dataset.descriptor.splits + ["train", "valid", "test"])).sorted()
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
