import Foundation

/// Reads the samples of one split directory (or rank folder) back from its `index.json`
/// and shard files, one shard in memory at a time.
///
/// The zip is the source of truth for compressed shards (a decompressed `.mds` beside it is
/// ignored; ``ShardVerifier`` reports it when it differs). Every kind of damage throws a
/// ``ShardError`` naming the file and the problem.
///
/// ```swift
/// let reader = try ShardReader(root: out, split: "train")
/// var cursor = reader.samples(in: 100..<110)
/// while let sample = try cursor.next() { print(sample.id ?? "", sample.tokens("input_ids") ?? []) }
/// ```
public struct ShardReader: Sendable {
    public let directory: URL
    public let index: ShardIndex
    /// `starts[i]` = position in the split of shard i's first sample; last = sample count.
    public let starts: [Int]
    private let schemas: [ShardSchema]

    /// Opens a directory holding `index.json`.
    public init(directory: URL) throws {
        let indexURL = directory.appendingPathComponent("index.json")
        guard FileManager.default.fileExists(atPath: indexURL.path) else { throw ShardError.noShards(path: directory.path) }
        let index = try ShardIndex.load(from: indexURL)
        var starts = [0]
        var schemas: [ShardSchema] = []
        for (i, entry) in index.shards.enumerated() {
            starts.append(starts[i] + entry.samples)
            schemas.append(try ShardSchema(entry: entry, path: indexURL.path))
        }
        self.directory = directory
        self.index = index
        self.starts = starts
        self.schemas = schemas
    }

    /// Opens `root/split` (a split holding a merged or single index).
    public init(root: URL, split: String) throws {
        try self.init(directory: root.appendingPathComponent(split))
    }

    public var sampleCount: Int { starts.last ?? 0 }
    public var shardCount: Int { index.shards.count }

    /// The column names of shard `i` in byte order.
    public func columnNames(ofShard i: Int) -> [String] { schemas[i].names }

    /// The full path of a basename in the index.
    public func path(of basename: String) -> String { directory.appendingPathComponent(basename).path }

    /// Reads shard `i` into memory and checks it against the index: file size, the zstd frame
    /// and its content size, optionally every listed hash, the header count and offsets.
    public func loadShard(_ i: Int, checkHashes: Bool = false) throws -> LoadedShard {
        guard index.shards.indices.contains(i) else {
            throw ShardError.badIndex(path: path(of: "index.json"), problem: "has no shard \(i) (it lists \(shardCount))")
        }
        let entry = index.shards[i]
        let stored = entry.storedFile
        let storedPath = path(of: stored.basename)
        guard FileManager.default.fileExists(atPath: storedPath) else {
            let rawThere = entry.zipData != nil && FileManager.default.fileExists(atPath: path(of: entry.rawData.basename))
            throw ShardError.damaged(
                path: storedPath,
                problem: "shard file is missing" + (rawThere ? " (only the raw .mds is there; StreamingDataset would delete it and fail)" : ""))
        }
        let bytes = try DurableFile.read(storedPath)
        guard bytes.count == stored.bytes else {
            throw ShardError.damaged(path: storedPath, problem: "file has \(bytes.count) bytes, index.json says \(stored.bytes)")
        }
        if checkHashes { try ShardReader.checkHashes(stored, of: bytes, path: storedPath) }
        var raw = bytes
        if let compression = entry.compression {
            guard compression == "zstd" || compression.hasPrefix("zstd:") else {
                throw ShardError.badIndex(
                    path: path(of: "index.json"), problem: "shard[\(i)]: compression '\(compression)' is not zstd")
            }
            raw = try Zstd.decompressSingleFrame(bytes, path: storedPath)
            guard raw.count == entry.rawData.bytes else {
                throw ShardError.damaged(
                    path: storedPath, problem: "decompresses to \(raw.count) bytes, raw_data.bytes says \(entry.rawData.bytes)")
            }
            if checkHashes { try ShardReader.checkHashes(entry.rawData, of: raw, path: storedPath + " (decompressed)") }
        }
        let shard = try RawShard(bytes: raw, path: storedPath)
        guard shard.count == entry.samples else {
            throw ShardError.damaged(path: storedPath, problem: "shard header has \(shard.count) samples, index.json says \(entry.samples)")
        }
        return LoadedShard(number: i, path: storedPath, raw: shard, schema: schemas[i], start: starts[i])
    }

    static func checkHashes(_ info: ShardFileInfo, of bytes: [UInt8], path: String) throws {
        for (name, expected) in info.hashes.sorted(by: { $0.key < $1.key }) {
            guard let algorithm = ShardHashAlgorithm(rawValue: name) else {
                throw ShardError.damaged(path: path, problem: "hash '\(name)' is not one Stepwise can check (sha1, xxh64)")
            }
            let actual = algorithm.hexDigest(bytes)
            guard actual == expected else {
                throw ShardError.damaged(path: path, problem: "\(name) is \(actual), index.json says \(expected)")
            }
        }
    }

    /// The shard holding split position `position`.
    public func shardNumber(containing position: Int) -> Int? {
        guard position >= 0, position < sampleCount else { return nil }
        var lo = 0, hi = index.shards.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= position { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// A cursor over the samples at `positions` (clamped to the split), in order.
    public func samples(in positions: Range<Int>? = nil) -> ShardCursor {
        let all = 0..<sampleCount
        let r = positions.map { $0.clamped(to: all) } ?? all
        return ShardCursor(reader: self, range: r)
    }

    /// The sample at split position `position`.
    public func sample(at position: Int) throws -> ShardSample? {
        var c = samples(in: position..<(position + 1))
        return try c.next()
    }

    /// The first sample whose `id` column equals `id` (scans shards in order).
    public func firstSample(withID id: String) throws -> ShardSample? {
        var c = samples()
        while let s = try c.next() {
            if s.id == id { return s }
        }
        return nil
    }
}
