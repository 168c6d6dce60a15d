import Foundation
import StepwiseCore

/// One file of a shard as `index.json` describes it: `{basename, bytes, hashes}`.
public struct ShardFileInfo: Sendable, Hashable {
    /// Path relative to the directory holding `index.json` (may contain `00003/` after a merge).
    public var basename: String
    public var bytes: Int
    /// Algorithm name → lowercase hex digest.
    public var hashes: [String: String]

    public init(basename: String, bytes: Int, hashes: [String: String] = [:]) {
        self.basename = basename
        self.bytes = bytes
        self.hashes = hashes
    }

    func jsonValue() -> JSONValue {
        .object([
            ("basename", .string(basename)),
            ("bytes", .int(bytes)),
            ("hashes", .object(hashes.keys.sorted().map { ($0, .string(hashes[$0] ?? "")) })),
        ])
    }
}

/// One shard entry of `index.json`, with exactly the 11 keys MDS readers accept.
public struct ShardIndexEntry: Sendable, Hashable {
    public var columnEncodings: [String]
    public var columnNames: [String]
    public var columnSizes: [Int?]
    /// `nil`, `"zstd"` or `"zstd:N"`.
    public var compression: String?
    public var format: String
    /// Hash algorithm names, sorted.
    public var hashes: [String]
    public var rawData: ShardFileInfo
    public var samples: Int
    public var sizeLimit: Int?
    public var version: Int
    /// `nil` exactly when `compression` is `nil`.
    public var zipData: ShardFileInfo?

    public init(
        columnEncodings: [String], columnNames: [String], columnSizes: [Int?], compression: String?,
        hashes: [String], rawData: ShardFileInfo, samples: Int, sizeLimit: Int?, zipData: ShardFileInfo?,
        format: String = "mds", version: Int = 2
    ) {
        self.columnEncodings = columnEncodings
        self.columnNames = columnNames
        self.columnSizes = columnSizes
        self.compression = compression
        self.format = format
        self.hashes = hashes
        self.rawData = rawData
        self.samples = samples
        self.sizeLimit = sizeLimit
        self.version = version
        self.zipData = zipData
    }

    /// The file that holds the shard on disk: the zip when compressed, else the raw file.
    public var storedFile: ShardFileInfo { zipData ?? rawData }

    /// The entry with its keys in sorted order, nulls written as `null`.
    func jsonValue() -> JSONValue {
        .object([
            ("column_encodings", .array(columnEncodings.map(JSONValue.string))),
            ("column_names", .array(columnNames.map(JSONValue.string))),
            ("column_sizes", .array(columnSizes.map { $0.map(JSONValue.int) ?? .null })),
            ("compression", .optional(compression)),
            ("format", .string(format)),
            ("hashes", .array(hashes.map(JSONValue.string))),
            ("raw_data", rawData.jsonValue()),
            ("samples", .int(samples)),
            ("size_limit", sizeLimit.map(JSONValue.int) ?? .null),
            ("version", .int(version)),
            ("zip_data", zipData?.jsonValue() ?? .null),
        ])
    }

    /// The same entry with both basenames under `folder/` (what `merge_index` does).
    func prefixed(by folder: String) -> ShardIndexEntry {
        var copy = self
        copy.rawData.basename = folder + "/" + rawData.basename
        copy.zipData?.basename = folder + "/" + (zipData?.basename ?? "")
        return copy
    }
}

/// The contents of an MDS `index.json`: `{"shards": [...], "version": 2}`.
public struct ShardIndex: Sendable, Hashable {
    public var shards: [ShardIndexEntry]
    public var version: Int

    public init(shards: [ShardIndexEntry], version: Int = 2) {
        self.shards = shards
        self.version = version
    }

    public var sampleCount: Int { shards.reduce(0) { $0 + $1.samples } }

    /// The bytes MDSWriter writes: `json.dump(sort_keys=True)`, one line, no newline.
    public func encoded() -> [UInt8] {
        JSONValue.pythonBytes(.object([("shards", .array(shards.map { $0.jsonValue() })), ("version", .int(version))]))
    }

    /// The bytes `streaming.base.util.merge_index` writes: `version` first, entries as they are.
    public func encodedAsMerged() -> [UInt8] {
        JSONValue.pythonBytes(.object([("version", .int(version)), ("shards", .array(shards.map { $0.jsonValue() }))]))
    }

    /// Reads and strictly checks `index.json` at `url` (the same key rules as `MDSReader`).
    public static func load(from url: URL) throws -> ShardIndex {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ShardError.io(path: url.path, problem: "cannot read (\(error.localizedDescription))")
        }
        return try parse(data, path: url.path)
    }

    /// Parses index text; `path` names the file in errors.
    public static func parse(_ data: Data, path: String) throws -> ShardIndex {
        let top: JSONValue
        do { top = try JSONValue(parsing: data) } catch {
            throw ShardError.badIndex(path: path, problem: "not valid JSON")
        }
        guard case .object = top else {
            throw ShardError.badIndex(path: path, problem: "the top level is not an object")
        }
        guard let version = IndexField.int(top["version"]), version == 2 else {
            throw ShardError.badIndex(path: path, problem: "top-level \"version\" must be 2")
        }
        guard let list = top["shards"]?.arrayValue else {
            throw ShardError.badIndex(path: path, problem: "\"shards\" must be a list")
        }
        var shards: [ShardIndexEntry] = []
        shards.reserveCapacity(list.count)
        for (i, item) in list.enumerated() {
            shards.append(try IndexField.entry(item, path: path, position: i))
        }
        return ShardIndex(shards: shards, version: version)
    }
}

/// Strict decoding of index fields (the key rules `MDSReader` applies, checked up front).
enum IndexField {
    static let entryKeys: Set<String> = [
        "column_encodings", "column_names", "column_sizes", "compression", "format", "hashes",
        "raw_data", "samples", "size_limit", "version", "zip_data",
    ]
    static let fileKeys: Set<String> = ["basename", "bytes", "hashes"]

    static func int(_ value: JSONValue?) -> Int? {
        if case .int(let i) = value { return i }
        return nil
    }

    static func keys(_ value: JSONValue) -> Set<String> {
        guard case .object(let pairs) = value else { return [] }
        return Set(pairs.map(\.0))
    }

    static func entry(_ o: JSONValue, path: String, position i: Int) throws -> ShardIndexEntry {
        func bad(_ problem: String) -> ShardError { .badIndex(path: path, problem: "shard[\(i)]: \(problem)") }
        guard case .object = o else { throw bad("not an object") }
        let keys = keys(o)
        if keys != entryKeys {
            var parts: [String] = []
            let missing = entryKeys.subtracting(keys).sorted()
            let extra = keys.subtracting(entryKeys).sorted()
            if !missing.isEmpty { parts.append("missing key(s) \(missing.joined(separator: ", "))") }
            if !extra.isEmpty {
                parts.append("unexpected key(s) \(extra.joined(separator: ", ")) (StreamingDataset refuses them)")
            }
            throw bad(parts.joined(separator: "; "))
        }
        func strings(_ key: String) throws -> [String] {
            guard let a = o[key]?.arrayValue else { throw bad("\"\(key)\" must be a list of strings") }
            return try a.map { v in
                guard let s = v.stringValue else { throw bad("\"\(key)\" must be a list of strings") }
                return s
            }
        }
        let encodings = try strings("column_encodings")
        let names = try strings("column_names")
        let hashes = try strings("hashes")
        guard let sizesAny = o["column_sizes"]?.arrayValue else { throw bad("\"column_sizes\" must be a list") }
        var sizes: [Int?] = []
        for s in sizesAny {
            if s.isNull { sizes.append(nil) } else if let n = int(s) { sizes.append(n) } else {
                throw bad("\"column_sizes\" holds something other than integers and null")
            }
        }
        guard encodings.count == names.count, sizes.count == names.count else {
            throw bad("column_names, column_encodings and column_sizes differ in length")
        }
        let compression: String?
        if o["compression"]?.isNull == true { compression = nil } else if let c = o["compression"]?.stringValue {
            compression = c
        } else { throw bad("\"compression\" must be a string or null") }
        guard o["format"]?.stringValue == "mds" else { throw bad("\"format\" must be \"mds\"") }
        guard let version = int(o["version"]), version == 2 else { throw bad("\"version\" must be 2") }
        guard let samples = int(o["samples"]), samples >= 0 else { throw bad("\"samples\" must be a non-negative integer") }
        let sizeLimit: Int?
        if o["size_limit"]?.isNull == true { sizeLimit = nil } else if let n = int(o["size_limit"]), n >= 0 {
            sizeLimit = n
        } else { throw bad("\"size_limit\" must be a non-negative integer or null") }
        let raw = try file(o["raw_data"], name: "raw_data", bad: bad)
        let zip: ShardFileInfo?
        if o["zip_data"]?.isNull == true { zip = nil } else { zip = try file(o["zip_data"], name: "zip_data", bad: bad) }
        if (compression == nil) != (zip == nil) {
            throw bad("\"zip_data\" must be null exactly when \"compression\" is null")
        }
        return ShardIndexEntry(
            columnEncodings: encodings, columnNames: names, columnSizes: sizes, compression: compression,
            hashes: hashes, rawData: raw, samples: samples, sizeLimit: sizeLimit, zipData: zip,
            format: "mds", version: version)
    }

    static func file(_ value: JSONValue?, name: String, bad: (String) -> ShardError) throws -> ShardFileInfo {
        guard let o = value, case .object = o else { throw bad("\"\(name)\" must be an object") }
        let keys = keys(o)
        guard keys == fileKeys else {
            throw bad("\"\(name)\" must have exactly the keys basename, bytes, hashes (has \(keys.sorted().joined(separator: ", ")))")
        }
        guard let basename = o["basename"]?.stringValue, !basename.isEmpty else { throw bad("\(name).basename must be a string") }
        guard let bytes = int(o["bytes"]), bytes >= 0 else { throw bad("\(name).bytes must be a non-negative integer") }
        guard case .object(let pairs)? = o["hashes"] else { throw bad("\(name).hashes must be an object") }
        var hashes: [String: String] = [:]
        for (k, v) in pairs {
            guard let s = v.stringValue else { throw bad("\(name).hashes[\(k)] must be a string") }
            hashes[k] = s
        }
        return ShardFileInfo(basename: basename, bytes: bytes, hashes: hashes)
    }
}
