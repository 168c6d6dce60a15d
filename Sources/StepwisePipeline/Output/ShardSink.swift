import DequeModule
import Foundation
import Logging
import StepwiseCore
import StepwiseRationales
import StepwiseShards
import Synchronization

/// The end of a pipeline: examples go to the ``ShardWriter``, filtered records to
/// `rejects.jsonl` (held until committed), and the run record follows the shard commits.
///
/// "Committed" is defined by the shards: when shard K, whose last sample is the record at
/// stream position P, is about to be renamed into place, everything up to P is final —
/// the samples are in shards 0…K and every record before P that did not become a sample
/// was filtered or rejected. So at that moment the sink writes the held rejections up to
/// P, and saves the run record with a *pending* entry (position P, counts up to P); after
/// the rename it promotes the entry. A resumed run adopts whichever matches `index.json`
/// and skips the input up to P.
final class ShardSink: GraphSink {
    var stop: StopStage? { nil }

    /// The split's figures that follow the records: teacher accuracy, truncations, token
    /// usage and votes.
    struct Tally {
        var accuracy: TeacherAccuracyCount
        var truncated: [String: Int]
        var usage: TokenUsage
        var votes: [String: Int]

        init(_ split: SplitRecord) {
            accuracy = split.teacherAccuracy
            truncated = split.truncated
            usage = split.teacherUsage
            votes = split.votes
        }

        /// Counts what a record (kept or rejected) says about the teacher.
        mutating func count(verdict: TeacherVerdict?, usage: TokenUsage?, vote: VoteSummary?) {
            if let verdict {
                accuracy.total += 1
                if verdict == .correct { accuracy.correct += 1 }
            }
            if let usage { self.usage += usage }
            if let vote { votes["\(vote.votes)/\(vote.samples)", default: 0] += 1 }
        }

        /// Writes the figures into a split's record.
        func apply(to entry: inout SplitRecord) {
            entry.teacherAccuracy = accuracy
            entry.truncated = truncated
            entry.teacherUsage = usage
            entry.votes = votes
        }
    }

    /// The running totals after one appended sample.
    struct Checkpoint {
        var samples: Int
        var position: Int
        var tally: Tally
    }

    private struct State {
        var writer: ShardWriter?
        var appended: Int
        var tally: Tally
        var lastPosition: Int
        /// Samples in shards the writer has committed (listed in `index.json`).
        var committedSamples: Int
        var checkpoints = Deque<Checkpoint>()
    }

    /// Held rejections after which, if no sample is waiting for a shard commit, they are
    /// committed on their own (see ``checkpointRejects()``).
    private let rejectCheckpointInterval: Int

    let split: String
    private let state: Mutex<State>
    private let rejects: RejectSink
    /// Where committed samples' input keys go, when duplicates are dropped.
    private let dedupKeys: DedupKeyLog?
    private let store: RunRecordStore
    private let logger: Logger
    /// Where the sink registers its "write" counters (at its first batch, so that the
    /// line comes after the pipeline's stages).
    private let monitor: RunMonitor?
    private let writeCounters = Mutex<StageCounters?>(nil)
    private let faults: FaultInjection?

    init(
        split: String, state committed: SplitRecord, rejects: RejectSink, dedupKeys: DedupKeyLog?,
        store: RunRecordStore, logger: Logger, rejectCheckpointInterval: Int = 1024, faults: FaultInjection? = nil,
        monitor: RunMonitor? = nil
    ) {
        self.monitor = monitor
        self.split = split
        self.rejectCheckpointInterval = rejectCheckpointInterval
        self.faults = faults
        self.rejects = rejects
        self.dedupKeys = dedupKeys
        self.store = store
        self.logger = logger
        self.state = Mutex(
            State(
                writer: nil, appended: committed.samples, tally: Tally(committed),
                lastPosition: committed.committedPosition, committedSamples: committed.samples))
    }

    func attach(_ writer: ShardWriter) {
        state.withLock { $0.writer = writer }
    }

    /// Drains a split's examples into the shards and commits the rest of the split.
    func take(tokenized flow: Flow<TokenizedExample>) async throws {
        do {
            try await flow.drainBatches { batch in try await self.consume(batch) }
            try await finish()
        } catch {
            rejects.discardPending()
            throw error
        }
    }

    /// Takes one batch in stream order: its examples go to the writer, its rejections are
    /// held until the commit that covers their position; both count for teacher accuracy.
    func consume(_ batch: Batch<TokenizedExample>) async throws {
        // "write" in the progress line: the sink's own time (rejections, encoding, waiting
        // for a free compression slot), so a writer that holds the pipeline back shows.
        let counters = writeCounters.withLock { counters in
            if counters == nil { counters = monitor?.register(stage: "write") }
            return counters
        }
        let started = DispatchTime.now().uptimeNanoseconds
        defer {
            counters?.addBusy(nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
            counters?.record(in: batch.records.count, out: batch.records.count, rejections: [], extra: [:])
        }
        // Rejections come from several stages; visit them and the examples by position.
        let held = batch.rejections.enumerated().sorted {
            ($0.element.sourceIndex ?? Int.min, $0.offset) < ($1.element.sourceIndex ?? Int.min, $1.offset)
        }.map(\.element)
        let writer = state.withLock { s -> ShardWriter? in
            var next = 0
            func takeRejections(through position: Int) {
                while next < held.count, (held[next].sourceIndex ?? Int.min) <= position {
                    let r = held[next]
                    s.tally.count(verdict: r.teacherVerdict, usage: r.teacherUsage, vote: r.teacherVote)
                    s.lastPosition = max(s.lastPosition, held[next].sourceIndex ?? s.lastPosition)
                    next += 1
                }
            }
            for example in batch.records {
                let position = example.source.position
                takeRejections(through: position)
                s.tally.count(
                    verdict: example.parsed.teacherVerdict, usage: example.parsed.teacherUsage, vote: example.parsed.teacherVote)
                s.lastPosition = max(s.lastPosition, position)
                for column in example.truncated { s.tally.truncated[column, default: 0] += 1 }
                s.appended += 1
                s.checkpoints.append(Checkpoint(samples: s.appended, position: position, tally: s.tally))
                dedupKeys?.hold(DuplicateInputStage.InputKey(of: example.source))
            }
            takeRejections(through: Int.max)
            return s.writer
        }
        if !held.isEmpty { try rejects.write(held) }
        // Every example goes to the writer, in the batch's order.
        if !batch.records.isEmpty, let writer { try await writer.append(batch.records) }
        if rejects.heldCount >= rejectCheckpointInterval { try checkpointRejects() }
    }

    /// When every appended sample is in a committed shard, everything consumed so far is
    /// final: the held rejections are written and the resume point moves past them without
    /// a shard. So a long filtered stretch (a teacher that fails, a task the parser cannot
    /// read) neither holds its rejections in memory nor is redone after a kill. The output
    /// is the same as without the checkpoint; only the resume point is finer.
    private func checkpointRejects() throws {
        let open = state.withLock { s -> (position: Int, tally: Tally)? in
            guard s.appended == s.committedSamples else { return nil }
            return (s.lastPosition, s.tally)
        }
        guard let open else { return }
        let bytes = try rejects.commit(through: open.position)
        try store.update { record in
            var entry = record.splits[split] ?? SplitRecord()
            entry.committedPosition = open.position
            entry.filtered = rejects.committedCounts
            open.tally.apply(to: &entry)
            entry.rejectsBytes = bytes
            record.splits[split] = entry
        }
        try faults?.check(.afterRejectCheckpoint)
    }

    /// Called by the writer just before shard `commit.shard` is renamed into place.
    func willCommit(_ commit: ShardCommit) throws {
        let checkpoint = try state.withLock { s -> Checkpoint in
            while let first = s.checkpoints.first, first.samples < commit.committedSamples {
                s.checkpoints.removeFirst()
            }
            guard let cp = s.checkpoints.first, cp.samples == commit.committedSamples else {
                throw PipelineError.io(
                    path: commit.directory.path, detail: "internal: no checkpoint for \(commit.committedSamples) samples")
            }
            return cp
        }
        let bytes = try rejects.commit(through: checkpoint.position)
        var entry = SplitRecord()
        entry.committedPosition = checkpoint.position
        entry.samples = checkpoint.samples
        entry.shards = commit.shard + 1
        entry.filtered = rejects.committedCounts
        checkpoint.tally.apply(to: &entry)
        entry.rejectsBytes = bytes
        entry.dedupBytes = try dedupKeys?.commit(throughSample: checkpoint.samples)
        try store.update { $0.pending[split] = entry }
        try faults?.check(.beforeShardRename)
    }

    /// Called by the writer after the shard is listed in `index.json`.
    func didCommit(_ commit: ShardCommit) throws {
        try faults?.check(.beforeRecordPromotion)
        state.withLock { $0.committedSamples = commit.committedSamples }
        try store.update { record in
            if let pending = record.pending[split] {
                record.splits[split] = pending
                record.pending[split] = nil
            }
        }
        logger.debug("\(split): committed shard \(commit.shard) (\(commit.committedSamples) samples)")
    }

    /// Flushes the last shard and commits the rest of the split.
    func finish() async throws {
        let writer = state.withLock { $0.writer }
        if let writer { _ = try await writer.finish() }
        let bytes = try rejects.commit(through: Int.max)
        let s = state.withLock { $0 }
        let dedupBytes = try dedupKeys?.commit(throughSample: s.appended)
        try store.update { record in
            var entry = record.splits[split] ?? SplitRecord()
            entry.committedPosition = max(entry.committedPosition, s.lastPosition)
            entry.samples = s.appended
            entry.filtered = rejects.committedCounts
            s.tally.apply(to: &entry)
            entry.rejectsBytes = bytes
            entry.dedupBytes = dedupBytes
            entry.done = true
            record.splits[split] = entry
            record.pending[split] = nil
        }
    }
}

/// The run record in memory and on disk, saved atomically on every change.
final class RunRecordStore: Sendable {
    private let record: Mutex<RunRecord>
    let url: URL
    private let started: Date
    /// Time spent by earlier sessions of this run.
    private let earlierDuration: Double

    init(record: RunRecord, url: URL, started: Date) {
        self.record = Mutex(record)
        self.url = url
        self.started = started
        self.earlierDuration = record.durationSeconds
    }

    var current: RunRecord { record.withLock { $0 } }

    func update(_ change: (inout RunRecord) throws -> Void) throws {
        try record.withLock { r in
            try change(&r)
            let now = Date()
            r.updatedAt = ShardRun.timestamp(now)
            r.durationSeconds = earlierDuration + now.timeIntervalSince(started)
            try r.save(to: url)
        }
    }

    func save() throws { try update { _ in } }
}
