import Foundation
import StepwiseCore

/// Writes one split directory (or one rank folder, `OUT/train/00003/`) of MDS shards that
/// `streaming.StreamingDataset` reads as they are.
///
/// Contract:
/// - **Format.** Columns in sorted order, the config blob, the roll-over decision and the
///   index are exactly MDSWriter's (`mds-format.md`), so raw shards and `index.json` are
///   byte-identical to MDSWriter's for the same samples and settings. A shard is rolled over
///   *before* a sample that would take it past `sizeLimit` raw bytes; a shard is never empty.
/// - **Off the critical path.** ``append(columns:recordID:)`` only encodes into the current
///   shard. A full shard is assembled, hashed, compressed and written to
///   `<name>.partial` (fsynced) by a detached task; up to `compressionWorkers` shards are in
///   flight. `append` suspends only when all of them are busy.
/// - **Commit order.** Shards are committed strictly in order, one at a time: rename into
///   place, rewrite `index.json` (temp + fsync + rename), rewrite `stats.stepwise` the same
///   way, then call `onCommit`. The directory is readable by StreamingDataset at every
///   instant, and the bytes depend only on the samples and the options.
/// - **Resume.** ``init(resumingIn:schema:options:onCommit:)`` keeps the committed shards,
///   removes `.partial` files, unlisted shard files and stale `.mds` copies, and numbers on;
///   ``committedSamples`` says how many input samples to skip.
/// - **Companion.** With a ``ShardCompanion`` (the Parquet copy), each shard's samples are
///   also written by it in the shard's task, and its file is renamed into place just before
///   the shard's; see ``ShardCompanion`` for the rest of its protocol.
/// - **Zero samples.** ``finish()`` on a writer that never received a sample writes no
///   shard and no `index.json` (StreamingDataset refuses an index without samples); it
///   writes `stats.stepwise` with zero counts, so `stats` and `merge` can tell an empty
///   split from one that never ran.
///
/// Calls must not overlap (one producer task); an overlapping call throws.
public actor ShardWriter {
    public nonisolated let directory: URL
    public nonisolated let schema: ShardSchema
    public nonisolated let options: ShardWriterOptions

    private let beforeCommit: (@Sendable (ShardCommit) async throws -> Void)?
    private let onCommit: (@Sendable (ShardCommit) async throws -> Void)?
    private let companion: (any ShardCompanion)?
    private let blob: [UInt8]
    private let entryTemplate: ShardIndexEntry
    private var index: ShardIndex
    private var stats: SplitStats
    /// Samples listed in `index.json`.
    public private(set) var committedSamples: Int
    /// Samples handed to `append` in this writer's lifetime (committed or not).
    public private(set) var appendedSamples = 0

    // The shard being filled.
    private var data: [UInt8] = []
    private var sampleSizes: [Int] = []
    private var currentSize: Int
    private var currentLengths: [[Int]]
    private var scratch: [UInt8] = []
    /// The token-column lengths of the sample in `scratch`, by column position.
    private var scratchTokenCounts: [Int]
    /// The schema's columns as ``TokenizedExample`` columns, for ``append(_:)-([TokenizedExample])``.
    private let exampleColumns: Result<[TokenizedExample.Column], SampleProblem>
    /// The stream position of the last example appended (samples of one record share it).
    private var lastAppendedPosition: Int?
    private let tokenColumnPositions: [Int]

    private var inFlight: [Task<PreparedShard, any Error>] = []
    private var nextShard: Int
    private var busy = false
    private var finished = false
    private var failure: ShardError?

    /// Starts a new split directory. Refuses a directory that already has an `index.json`
    /// (resume it, or write somewhere else); removes leftovers of a run that committed nothing.
    public init(
        directory: URL, schema: ShardSchema, options: ShardWriterOptions = ShardWriterOptions(),
        beforeCommit: (@Sendable (ShardCommit) async throws -> Void)? = nil,
        onCommit: (@Sendable (ShardCommit) async throws -> Void)? = nil, companion: (any ShardCompanion)? = nil
    ) throws {
        let indexPath = directory.appendingPathComponent("index.json").path
        if FileManager.default.fileExists(atPath: indexPath) {
            throw ShardError.configuration(
                "\(indexPath) already exists: resume that run or write to a fresh directory")
        }
        try self.init(
            resumingIn: directory, schema: schema, options: options, beforeCommit: beforeCommit, onCommit: onCommit,
            companion: companion)
    }

    /// Continues a split directory written by an interrupted run with the same settings
    /// (or starts it if it is empty). Throws if the committed shards were written with
    /// other columns, compression, hashes or size limit.
    ///
    /// `beforeCommit` is called with the commit about to happen, after the shard is written
    /// under its `.partial` name and before it is renamed into place; a pipeline saves its
    /// resume point there, so a crash between the rename and `onCommit` loses nothing.
    public init(
        resumingIn directory: URL, schema: ShardSchema, options: ShardWriterOptions = ShardWriterOptions(),
        beforeCommit: (@Sendable (ShardCommit) async throws -> Void)? = nil,
        onCommit: (@Sendable (ShardCommit) async throws -> Void)? = nil, companion: (any ShardCompanion)? = nil
    ) throws {
        try options.validate()
        self.companion = companion
        self.beforeCommit = beforeCommit
        self.directory = directory
        self.schema = schema
        self.options = options
        self.onCommit = onCommit
        let template = ShardIndexEntry(
            columnEncodings: schema.encodings.map(\.rawValue), columnNames: schema.names, columnSizes: schema.sizes,
            compression: options.compression.indexName, hashes: options.sortedHashes.map(\.rawValue),
            rawData: ShardFileInfo(basename: "", bytes: 0), samples: 0, sizeLimit: options.indexSizeLimit,
            zipData: nil)
        self.entryTemplate = template
        self.blob = ShardWriter.configBlob(template)
        self.currentSize = 8 + blob.count
        self.tokenColumnPositions = schema.tokenColumns.compactMap { schema.position(of: $0) }
        self.currentLengths = Array(repeating: [], count: schema.count)
        self.scratchTokenCounts = Array(repeating: 0, count: schema.count)
        self.exampleColumns = SampleCodec.resolve(schema)

        let resumed = try ShardDirectory.prepareForWriting(directory, matching: template, schema: schema)
        self.index = resumed.index
        self.stats = resumed.stats
        self.committedSamples = resumed.index.sampleCount
        self.nextShard = resumed.index.shards.count
        try companion?.prepareForWriting(committedShards: resumed.index.shards.count)
        let limit = Swift.min(options.sizeLimit ?? 0, 1 << 26)
        self.data.reserveCapacity(limit + limit / 5 + (1 << 16))
    }

    /// The config blob MDSWriter embeds in every shard: the entry's settings as
    /// `json.dumps(sort_keys=True)`.
    static func configBlob(_ e: ShardIndexEntry) -> [UInt8] {
        JSONValue.pythonBytes(.object([
            ("column_encodings", .array(e.columnEncodings.map(JSONValue.string))),
            ("column_names", .array(e.columnNames.map(JSONValue.string))),
            ("column_sizes", .array(e.columnSizes.map { $0.map(JSONValue.int) ?? .null })),
            ("compression", .optional(e.compression)),
            ("format", .string(e.format)),
            ("hashes", .array(e.hashes.map(JSONValue.string))),
            ("size_limit", e.sizeLimit.map(JSONValue.int) ?? .null),
            ("version", .int(e.version)),
        ]))
    }

    /// The split's stats over the committed shards.
    public var committedStats: SplitStats { stats }

    /// Appends examples in order, taking the columns of ``schema`` from each. Pass whole
    /// batches: each call is one hop onto the writer.
    public func append(_ examples: [TokenizedExample]) async throws {
        try enter()
        defer { busy = false }
        let columns: [TokenizedExample.Column]
        switch exampleColumns {
        case .success(let resolved): columns = resolved
        case .failure(let problem):
            guard let first = examples.first else { return }
            throw ShardError.badValue(recordID: first.source.id, problem: problem.message)
        }
        for example in examples {
            // The samples of one record (`teacher.samples`) share a shard, so a commit —
            // which makes a record's stream position final — never splits them.
            let continues = example.parsed.sample > 0 && example.source.position == lastAppendedPosition
            lastAppendedPosition = example.source.position
            scratch.removeAll(keepingCapacity: true)
            let size = try SampleCodec.append(
                example, columns: columns, schema: schema, to: &scratch, tokenCounts: &scratchTokenCounts)
            try await place(size: size, recordID: example.source.id, continuingGroup: continues)
        }
    }

    public func append(_ example: TokenizedExample) async throws {
        try await append([example])
    }

    /// Appends one sample given by column name (every column of ``schema``, no others).
    public func append(values: [String: ColumnValue], recordID: String) async throws {
        guard values.count == schema.count else {
            let extra = Set(values.keys).subtracting(schema.names).sorted()
            let missing = Set(schema.names).subtracting(values.keys).sorted()
            throw ShardError.badValue(
                recordID: recordID, problem: "columns do not match the schema (missing \(missing), unknown \(extra))")
        }
        var ordered: [ColumnValue] = []
        for name in schema.names {
            guard let v = values[name] else {
                throw ShardError.badValue(recordID: recordID, problem: "no value for column '\(name)'")
            }
            ordered.append(v)
        }
        try await append(columns: ordered, recordID: recordID)
    }

    /// Appends one sample, values in ``schema`` order. `recordID` names it in errors.
    public func append(columns values: [ColumnValue], recordID: String) async throws {
        try enter()
        defer { busy = false }
        try await appendOne(values, recordID: recordID)
    }

    /// Appends rows of values in ``schema`` order, with the record id of each: the batch
    /// form of ``append(columns:recordID:)``.
    public func append(rows: [(recordID: String, values: [ColumnValue])]) async throws {
        try enter()
        defer { busy = false }
        for row in rows { try await appendOne(row.values, recordID: row.recordID) }
    }

    private func appendOne(_ values: [ColumnValue], recordID: String, continuingGroup: Bool = false) async throws {
        scratch.removeAll(keepingCapacity: true)
        let size = try SampleCodec.append(values, schema: schema, to: &scratch, recordID: recordID)
        for k in tokenColumnPositions {
            if case .tokens(let t) = values[k] { scratchTokenCounts[k] = t.count }
        }
        try await place(size: size, recordID: recordID, continuingGroup: continuingGroup)
    }

    /// Adds the sample encoded in `scratch` (its token lengths in `scratchTokenCounts`) to the
    /// current shard, sealing that shard first when the sample would take it past the limit.
    private func place(size: Int, recordID: String, continuingGroup: Bool) async throws {
        if !continuingGroup, let limit = options.sizeLimit, limit > 0, !sampleSizes.isEmpty, currentSize + size + 4 > limit {
            try await sealCurrentShard()
        }
        if currentSize + size + 4 > Int(UInt32.max) {
            throw ShardError.badValue(
                recordID: recordID, problem: "shard would reach 4 GiB (MDS offsets are u32); set output.shard_size_limit")
        }
        data.append(contentsOf: scratch)
        sampleSizes.append(size)
        currentSize += size + 4
        for k in tokenColumnPositions { currentLengths[k].append(scratchTokenCounts[k]) }
        appendedSamples += 1
    }

    /// Flushes the last shard, waits for every shard to be committed, and returns the
    /// split's stats. Idempotent.
    @discardableResult
    public func finish() async throws -> SplitStats {
        try enter()
        defer { busy = false }
        if finished { return stats }
        if !sampleSizes.isEmpty { try await sealCurrentShard() }
        while !inFlight.isEmpty { try await commitOldest() }
        try companion?.finish(shardCount: index.shards.count)
        if index.shards.isEmpty {
            try DurableFile.replace(directory.appendingPathComponent(SplitStats.fileName).path, with: stats.encoded())
        }
        finished = true
        return stats
    }

    /// Waits for the shards in flight to reach their `.partial` files without committing
    /// them: the state a process killed at this instant leaves behind (crash tests).
    func settleInFlightWithoutCommitting() async {
        for task in inFlight { _ = try? await task.value }
    }

    private func enter() throws {
        if let failure { throw failure }
        if busy { throw ShardError.configuration("ShardWriter for \(directory.path) was called while a call was in progress") }
        if finished { throw ShardError.configuration("ShardWriter for \(directory.path) is finished") }
        busy = true
    }

    /// Hands the current shard to a compression task and starts a new one.
    private func sealCurrentShard() async throws {
        if inFlight.count >= options.compressionWorkers { try await commitOldest() }
        // The encoded samples become the shard file in place: no second copy of the shard.
        var raw: [UInt8] = []
        swap(&raw, &data)
        RawShard.prependHeader(to: &raw, sampleSizes: sampleSizes, blob: blob)
        let job = ShardJob(
            number: nextShard, directory: directory, raw: raw, samples: sampleSizes.count,
            compression: options.compression, hashes: options.sortedHashes,
            lengths: Dictionary(uniqueKeysWithValues: tokenColumnPositions.map { (schema.names[$0], currentLengths[$0]) }),
            schema: schema, companion: companion)
        raw = []
        nextShard += 1
        inFlight.append(Task.detached(priority: .medium) { try await job.run() })
        // Room for the samples and, later, the header put in front of them (≤ 1/5 of the
        // samples: every sample has a 4-byte length per column and a 4-byte offset).
        let limit = Swift.min(options.sizeLimit ?? 0, 1 << 26)
        data.reserveCapacity(limit + limit / 5 + (1 << 16))
        sampleSizes = []
        currentSize = 8 + blob.count
        for k in tokenColumnPositions { currentLengths[k] = [] }
    }

    /// Waits for the oldest shard in flight and commits it.
    private func commitOldest() async throws {
        let task = inFlight.removeFirst()
        do {
            let shard = try await task.value
            try await commit(shard)
        } catch let error as ShardError {
            failure = error
            throw error
        } catch {
            let e = ShardError.io(path: directory.path, problem: "shard commit failed: \(error)")
            failure = e
            throw e
        }
    }

    private func commit(_ shard: PreparedShard) async throws {
        if let beforeCommit {
            try await beforeCommit(
                ShardCommit(
                    directory: directory, shard: shard.number, samples: shard.samples,
                    committedSamples: committedSamples + shard.samples,
                    basename: URL(fileURLWithPath: shard.finalPath).lastPathComponent))
        }
        if let file = shard.companion { try DurableFile.rename(file.partialPath, to: file.finalPath) }
        try DurableFile.rename(shard.partialPath, to: shard.finalPath)
        var entry = entryTemplate
        entry.rawData = shard.raw
        entry.zipData = shard.zip
        entry.samples = shard.samples
        index.shards.append(entry)
        try DurableFile.replace(directory.appendingPathComponent("index.json").path, with: index.encoded())
        stats.merge(SplitStats.shard(entry, lengths: shard.lengths))
        try DurableFile.replace(directory.appendingPathComponent(SplitStats.fileName).path, with: stats.encoded())
        committedSamples += shard.samples
        let note = ShardCommit(
            directory: directory, shard: shard.number, samples: shard.samples, committedSamples: committedSamples,
            basename: entry.storedFile.basename)
        try await onCommit?(note)
    }
}
