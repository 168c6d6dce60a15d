import StepwiseConfig
import StepwiseCore
import StepwiseParquet
import StepwiseShards

/// `output:` — where shards go and how they are encoded.
public struct OutputOptions: PipelineSection {
    /// `output.dir`: one subdirectory per split, plus the run record and `rejects.jsonl`.
    public var dir: ConfigPath
    /// `output.compression`: `zstd` (level 3, the default), `zstd:N` (N in 1…22) or `none`.
    public var compression: ShardCompression
    /// `output.shard_size_limit`: raw bytes before a shard rolls over (default 64 MiB, at
    /// most ``maxShardSizeLimit``).
    public var shardSizeLimit: Int
    /// `output.token_dtype` (default `int32`).
    public var tokenDType: TokenDType
    /// `output.text_columns`: also store `input`, `label`, `teacher_label`, `rationale` as
    /// text (default false).
    public var textColumns: Bool
    /// `output.hashes`: per-shard hashes in the index (default none).
    public var hashes: [ShardHashAlgorithm]
    /// `output.formats`: `mds` always (the shards are the run's commit record), plus
    /// `parquet` for a Parquet copy of every shard (default `[mds]`).
    public var formats: [OutputFormat]
    /// `output.license`: the dataset card's `license` (an HF Hub license id), if any.
    public var license: String?

    /// The largest `shard_size_limit` accepted: 1 GiB. MDS offsets are 32-bit and readers
    /// hold a whole shard in memory, so larger shards only hurt.
    public static let maxShardSizeLimit = 1 << 30

    public init(
        dir: ConfigPath, compression: ShardCompression = .standard, shardSizeLimit: Int = 1 << 26,
        tokenDType: TokenDType = .int32, textColumns: Bool = false, hashes: [ShardHashAlgorithm] = [],
        formats: [OutputFormat] = [.mds], license: String? = nil
    ) {
        self.dir = dir
        self.compression = compression
        self.shardSizeLimit = shardSizeLimit
        self.tokenDType = tokenDType
        self.textColumns = textColumns
        self.hashes = hashes
        self.formats = formats
        self.license = license
    }

    /// Whether a Parquet copy of the shards is written.
    public var writesParquet: Bool { formats.contains(.parquet) }

    public static let keys = ["dir", "compression", "shard_size_limit", "token_dtype", "text_columns", "hashes", "formats", "license"]

    public static func decode(_ s: ConfigSection) -> OutputOptions? {
        var ok = true
        let dir = s.path("dir")
        if !s.has("dir") { s.missing("dir", expected: "a path to the output directory") }
        var compression = ShardCompression.standard
        if let node = s.node("compression") {
            if let text = ConfigReader.stringValue(node), text != "null", text != "",
                let parsed = try? ShardCompression(parsing: text), !text.dropFirst(5).hasPrefix("+"),
                !text.dropFirst(5).hasPrefix("0")
            {
                compression = parsed
            } else {
                s.problem("compression", "expected zstd, zstd:N (N from 1 to 22) or none, got \(ConfigReader.describe(node))")
                ok = false
            }
        }
        let limit = s.int("shard_size_limit", in: 1...maxShardSizeLimit,
                          expected: "a positive number of bytes up to \(maxShardSizeLimit) (1 GiB)")
        let dtype = s.choice("token_dtype", TokenDType.self)
        let textColumns = s.bool("text_columns")
        var hashes: [ShardHashAlgorithm] = []
        if s.has("hashes") {
            if let chosen = s.distinctChoices("hashes", ShardHashAlgorithm.self, minCount: 0) { hashes = chosen } else { ok = false }
        }
        var formats: [OutputFormat] = [.mds]
        if s.has("formats") {
            if let chosen = s.distinctChoices("formats", OutputFormat.self, minCount: 1) {
                if chosen.contains(.mds) {
                    formats = OutputFormat.allCases.filter(chosen.contains)
                } else {
                    s.problem("formats", "must include mds: the shards are what a resumed run continues from (parquet is written beside them)")
                    ok = false
                }
            } else {
                ok = false
            }
        }
        let license = s.string("license", expected: "a license id such as apache-2.0 or cc-by-4.0")
        guard ok, s.allPresentDecoded(["shard_size_limit": limit, "token_dtype": dtype, "text_columns": textColumns, "license": license]),
            let dir
        else { return nil }
        let defaults = OutputOptions(dir: dir)
        return OutputOptions(
            dir: dir, compression: compression, shardSizeLimit: limit ?? defaults.shardSizeLimit,
            tokenDType: dtype ?? defaults.tokenDType, textColumns: textColumns ?? defaults.textColumns, hashes: hashes,
            formats: formats, license: license)
    }

    public var canonical: JSONValue {
        [
            "dir": .string(dir.path), "compression": .string(compression.description),
            "shard_size_limit": .int(shardSizeLimit), "token_dtype": .string(tokenDType.rawValue),
            "text_columns": .bool(textColumns), "hashes": .array(hashes.map { .string($0.rawValue) }),
            "formats": .array(formats.map { .string($0.rawValue) }), "license": .optional(license),
        ]
    }

    /// The Parquet files' settings: the shards' zstd level (uncompressed with `none`).
    var parquetOptions: ParquetWriterOptions {
        switch compression {
        case .none: return ParquetWriterOptions(compression: .none)
        case .zstd(let level): return ParquetWriterOptions(compression: .zstd(level: Int32(level)))
        }
    }

    /// The shard writer's settings.
    var writerOptions: ShardWriterOptions {
        ShardWriterOptions(compression: compression, sizeLimit: shardSizeLimit, hashes: hashes, compressionWorkers: 1)
    }
}

/// The files a run writes its samples to (`output.formats`).
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    /// MDS shards for StreamingDataset (always written).
    case mds
    /// One Parquet file per shard for HF `datasets` and the Hub (`OUT/parquet/<split>/`).
    case parquet
}
