import Foundation
import StepwiseCore

/// The run's record in the output directory (`OUT/run.json`, or
/// `OUT/run.rank-00003.json` for one rank of a partitioned run).
///
/// It is both the resume manifest (what a rerun must match, and how far each split's
/// input is committed) and the source of the figures `stepwise stats` prints without
/// re-reading the shards. Rewritten atomically after every shard commit. Apart from
/// `started_at`, `updated_at` and `duration_seconds`, its bytes depend only on the input
/// and the configuration, so an interrupted-and-resumed run writes the same record.
public struct RunRecord: Codable, Sendable, Equatable {
    public var format = 1
    public var pipeline: String
    /// SHA-256 of the effective configuration, without the `parse` section and the
    /// output directory (a parse-only change re-parses from the cache).
    public var configHash: String
    /// SHA-256 of the effective `parse` section.
    public var parseHash: String
    public var tokenizerFingerprint: String
    /// SHA-256 of the prompt exemplar file's bytes (`null` without one).
    public var promptsHash: String?
    public var rank: Int
    public var worldSize: Int
    public var splits: [String: SplitRecord]
    /// A shard commit in progress: written just before the shard is renamed into place, so a
    /// crash between that rename and the next save of this record loses nothing.
    public var pending: [String: SplitRecord]
    /// The comparable configuration (see ``Fingerprint/comparableConfig(_:options:)``), kept
    /// to name what changed when a rerun uses another.
    public var config: JSONValue
    public var finished: Bool
    public var startedAt: String
    public var updatedAt: String
    public var durationSeconds: Double

    enum CodingKeys: String, CodingKey {
        case format, pipeline, rank, splits, pending, config, finished
        case configHash = "config_hash"
        case parseHash = "parse_hash"
        case tokenizerFingerprint = "tokenizer_fingerprint"
        case promptsHash = "prompts_hash"
        case worldSize = "world_size"
        case startedAt = "started_at"
        case updatedAt = "updated_at"
        case durationSeconds = "duration_seconds"
    }
}

/// Progress and figures of one split.
public struct SplitRecord: Codable, Sendable, Equatable {
    /// The stream position (``SourceRecord/position``) up to which every record's outcome
    /// is final: in a committed shard, or filtered with its reason in `rejects.jsonl`.
    /// A resumed run skips these records. -1: none yet.
    public var committedPosition = -1
    /// Samples in committed shards.
    public var samples = 0
    public var shards = 0
    /// Records filtered or rejected, by reason.
    public var filtered: [String: Int] = [:]
    /// Examples with a token column cut at its limit, by column.
    public var truncated: [String: Int] = [:]
    public var teacherAccuracy = TeacherAccuracyCount()
    /// Length of `rejects.jsonl` after this split's last commit.
    public var rejectsBytes: Int64 = 0
    /// Length of the split's dedup key log after its last commit (with
    /// `parse.drop_duplicate_inputs` only).
    public var dedupBytes: Int64?
    public var done = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case samples, shards, filtered, truncated, done
        case committedPosition = "committed_position"
        case teacherAccuracy = "teacher_accuracy"
        case rejectsBytes = "rejects_bytes"
        case dedupBytes = "dedup_bytes"
    }
}

/// How often the teacher's parsed label equals the gold label.
public struct TeacherAccuracyCount: Codable, Sendable, Equatable {
    public var correct = 0
    public var total = 0
    public init(correct: Int = 0, total: Int = 0) {
        self.correct = correct
        self.total = total
    }
    public var accuracy: Double? { total > 0 ? Double(correct) / Double(total) : nil }
}

extension RunRecord {
    /// Reads a record; `nil` if the file does not exist.
    public static func load(from url: URL) throws -> RunRecord? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try Data(contentsOf: url)
        do {
            return try JSONDecoder().decode(RunRecord.self, from: data)
        } catch {
            throw PipelineError.damagedRunRecord(path: url.path, detail: String(describing: error))
        }
    }

    /// Writes the record atomically (temporary file, fsync, rename).
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        try AtomicFile.write(data, to: url)
    }
}
