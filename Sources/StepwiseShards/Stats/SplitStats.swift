import Foundation
import StepwiseCore

/// What a split directory (or a rank folder) holds: counts, sizes and the token-length
/// histogram of every token column, over its committed shards.
///
/// The writer keeps it up to date and rewrites it atomically right after each
/// `index.json` commit, as `stats.stepwise` beside the index, so `stepwise stats` does not
/// have to decompress anything. The name must not end in `.json`: `merge_index` reads every
/// `*.json` file below a dataset root as an index.
public struct SplitStats: Sendable, Hashable {
    public static let fileName = "stats.stepwise"

    public var shards = 0
    public var samples = 0
    /// Uncompressed shard bytes.
    public var rawBytes = 0
    /// Bytes on disk: the zips when compressed, else the raw files.
    public var storedBytes = 0
    /// Token column name → length histogram.
    public var lengths: [String: LengthHistogram] = [:]

    public init() {}

    public mutating func merge(_ other: SplitStats) {
        shards += other.shards
        samples += other.samples
        rawBytes += other.rawBytes
        storedBytes += other.storedBytes
        for (name, h) in other.lengths { lengths[name, default: LengthHistogram()].merge(h) }
    }

    /// The stats of one shard entry whose samples' lengths are in `lengths`.
    static func shard(_ entry: ShardIndexEntry, lengths: [String: LengthHistogram]) -> SplitStats {
        var s = SplitStats()
        s.shards = 1
        s.samples = entry.samples
        s.rawBytes = entry.rawData.bytes
        s.storedBytes = entry.storedFile.bytes
        s.lengths = lengths
        return s
    }

    /// Whether these stats describe exactly the shards listed in `index`.
    func matches(_ index: ShardIndex) -> Bool {
        shards == index.shards.count && samples == index.sampleCount
            && rawBytes == index.shards.reduce(0) { $0 + $1.rawData.bytes }
            && storedBytes == index.shards.reduce(0) { $0 + $1.storedFile.bytes }
    }

    /// Deterministic file contents (sorted keys).
    public func encoded() -> [UInt8] {
        let value: JSONValue = .object([
            ("format", "stepwise-split-stats"),
            ("lengths", .object(lengths.keys.sorted().map { ($0, lengths[$0]?.jsonValue() ?? .array([])) })),
            ("raw_bytes", .int(rawBytes)),
            ("samples", .int(samples)),
            ("shards", .int(shards)),
            ("stored_bytes", .int(storedBytes)),
            ("version", 1),
        ])
        return Array((value.jsonText() + "\n").utf8)
    }

    public static func load(from url: URL) throws -> SplitStats {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ShardError.io(path: url.path, problem: "cannot read (\(error.localizedDescription))")
        }
        func bad(_ problem: String) -> ShardError { .badIndex(path: url.path, problem: problem) }
        guard let v = try? JSONValue(parsing: data),
            v["format"]?.stringValue == "stepwise-split-stats", v["version"]?.intValue == 1
        else { throw bad("not a Stepwise stats file (format stepwise-split-stats, version 1)") }
        var s = SplitStats()
        guard let shards = v["shards"]?.intValue, let samples = v["samples"]?.intValue,
            let raw = v["raw_bytes"]?.intValue, let stored = v["stored_bytes"]?.intValue,
            case .object(let columns)? = v["lengths"]
        else { throw bad("stats file is missing counts") }
        s.shards = shards
        s.samples = samples
        s.rawBytes = raw
        s.storedBytes = stored
        for (name, hv) in columns {
            guard let h = LengthHistogram(json: hv) else { throw bad("length histogram of '\(name)' is malformed") }
            s.lengths[name] = h
        }
        return s
    }
}
