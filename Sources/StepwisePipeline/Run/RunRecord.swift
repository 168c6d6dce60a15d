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
public struct RunRecord: Sendable, Equatable {
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
    /// The task, for tools that read the output (the trainer's metric, reports): the
    /// dataset's name, its label kind and classes, the student's task prefixes.
    public var task: JSONValue = .null
    /// `teacher.price` of the latest session, for the cost figures of `stats` (`nil`
    /// without one; not part of the fingerprint).
    public var teacherPrice: TokenPrice?
    public var finished: Bool
    public var startedAt: String
    public var updatedAt: String
    public var durationSeconds: Double

}

/// Progress and figures of one split.
public struct SplitRecord: Sendable, Equatable {
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
    /// The tokens of the teacher's answers to the committed records (each record's
    /// completions as the server counted them when they were asked for, cached or not).
    public var teacherUsage = TokenUsage()
    /// Records voted on, by agreement: `"4/5"` (votes for the winning label / samples).
    public var votes: [String: Int] = [:]
    /// Length of `rejects.jsonl` after this split's last commit.
    public var rejectsBytes: Int64 = 0
    /// Length of the split's dedup key log after its last commit (with
    /// `parse.drop_duplicate_inputs` only).
    public var dedupBytes: Int64?
    public var done = false

    public init() {}

}

/// How often the teacher's parsed label equals the gold label.
public struct TeacherAccuracyCount: Sendable, Equatable {
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
            return try RunRecord(json: try JSONValue(parsing: data))
        } catch {
            throw PipelineError.damagedRunRecord(path: url.path, detail: String(describing: error))
        }
    }

    /// Writes the record atomically (temporary file, fsync, rename).
    public func save(to url: URL) throws {
        try AtomicFile.write(Data((jsonValue.jsonText(style: .pretty) + "\n").utf8), to: url)
    }

    /// The record as run.json holds it (keys sorted).
    public var jsonValue: JSONValue {
        func splits(_ table: [String: SplitRecord]) -> JSONValue {
            .object(table.sorted { $0.key < $1.key }.map { ($0.key, $0.value.jsonValue) })
        }
        return .object([
            ("config", config), ("config_hash", .string(configHash)), ("duration_seconds", .double(durationSeconds)),
            ("finished", .bool(finished)), ("format", .int(format)), ("parse_hash", .string(parseHash)),
            ("pending", splits(pending)), ("pipeline", .string(pipeline)), ("prompts_hash", .optional(promptsHash)),
            ("rank", .int(rank)), ("splits", splits(self.splits)), ("started_at", .string(startedAt)), ("task", task),
            ("teacher_price", teacherPrice?.json ?? .null),
            ("tokenizer_fingerprint", .string(tokenizerFingerprint)), ("updated_at", .string(updatedAt)),
            ("world_size", .int(worldSize)),
        ].filter { $0.0 != "teacher_price" || teacherPrice != nil })
    }

    /// What the committed records' teacher answers cost at ``teacherPrice``.
    public var teacherCost: Double? {
        teacherPrice.map { price in splits.values.reduce(0) { $0 + price.cost(of: $1.teacherUsage) } }
    }

    /// Reads run.json's value.
    init(json: JSONValue) throws {
        let r = RecordReader(json, path: "")
        format = try r.int("format")
        pipeline = try r.string("pipeline")
        configHash = try r.string("config_hash")
        parseHash = try r.string("parse_hash")
        tokenizerFingerprint = try r.string("tokenizer_fingerprint")
        promptsHash = json["prompts_hash"]?.stringValue
        rank = try r.int("rank")
        worldSize = try r.int("world_size")
        splits = try r.splits("splits")
        pending = try r.splits("pending")
        config = json["config"] ?? .null
        task = json["task"] ?? .null
        finished = try r.bool("finished")
        startedAt = try r.string("started_at")
        updatedAt = try r.string("updated_at")
        durationSeconds = try r.double("duration_seconds")
        if let price = json["teacher_price"], case .object = price,
            let input = price["input_per_million"]?.doubleValue, let output = price["output_per_million"]?.doubleValue
        {
            teacherPrice = TokenPrice(input: input, output: output, cachedInput: price["cached_input_per_million"]?.doubleValue)
        }
    }
}

extension SplitRecord {
    var jsonValue: JSONValue {
        func counts(_ c: [String: Int]) -> JSONValue { .object(c.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }) }
        var fields: [(String, JSONValue)] = [
            ("committed_position", .int(committedPosition)),
        ]
        if let dedupBytes { fields.append(("dedup_bytes", .int(Int(dedupBytes)))) }
        fields += [
            ("done", .bool(done)), ("filtered", counts(filtered)), ("rejects_bytes", .int(Int(rejectsBytes))),
            ("samples", .int(samples)), ("shards", .int(shards)),
            ("teacher_accuracy", .object([("correct", .int(teacherAccuracy.correct)), ("total", .int(teacherAccuracy.total))])),
        ]
        // Only when there is something to say, so runs without them keep their bytes.
        if !teacherUsage.isZero { fields.append(("teacher_usage", teacherUsage.json)) }
        fields.append(("truncated", counts(truncated)))
        if !votes.isEmpty { fields.append(("votes", counts(votes))) }
        return .object(fields)
    }

    init(json: JSONValue, path: String) throws {
        let r = RecordReader(json, path: path)
        committedPosition = try r.int("committed_position")
        samples = try r.int("samples")
        shards = try r.int("shards")
        filtered = try r.counts("filtered")
        truncated = try r.counts("truncated")
        let accuracy = RecordReader(json["teacher_accuracy"] ?? .null, path: path + ".teacher_accuracy")
        teacherAccuracy = TeacherAccuracyCount(correct: try accuracy.int("correct"), total: try accuracy.int("total"))
        rejectsBytes = Int64(try r.int("rejects_bytes"))
        dedupBytes = json["dedup_bytes"]?.intValue.map(Int64.init)
        teacherUsage = json["teacher_usage"].map(TokenUsage.init(json:)) ?? TokenUsage()
        if json["votes"] != nil { votes = try r.counts("votes") }
        done = try r.bool("done")
    }
}

/// Typed fields of a run record's JSON, with errors naming the field.
private struct RecordReader {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    struct Missing: Error, CustomStringConvertible {
        var field: String
        var description: String { "field \(field) is missing or of the wrong type" }
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func string(_ key: String) throws -> String {
        guard let v = value[key]?.stringValue else { throw Missing(field: name(key)) }
        return v
    }
    func int(_ key: String) throws -> Int {
        guard let v = value[key]?.intValue else { throw Missing(field: name(key)) }
        return v
    }
    func double(_ key: String) throws -> Double {
        switch value[key] {
        case .double(let d)?: return d
        case .int(let i)?: return Double(i)
        default: throw Missing(field: name(key))
        }
    }
    func bool(_ key: String) throws -> Bool {
        guard let v = value[key]?.boolValue else { throw Missing(field: name(key)) }
        return v
    }
    func counts(_ key: String) throws -> [String: Int] {
        guard case .object(let pairs)? = value[key] else { throw Missing(field: name(key)) }
        var out: [String: Int] = [:]
        for (k, v) in pairs {
            guard let n = v.intValue else { throw Missing(field: name(key) + "." + k) }
            out[k] = n
        }
        return out
    }
    func splits(_ key: String) throws -> [String: SplitRecord] {
        guard case .object(let pairs)? = value[key] else { throw Missing(field: name(key)) }
        var out: [String: SplitRecord] = [:]
        for (k, v) in pairs { out[k] = try SplitRecord(json: v, path: name(key) + "." + k) }
        return out
    }
}
