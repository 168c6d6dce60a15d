/// `output:` — where shards go and how they are encoded.
public struct OutputConfig: Sendable, Hashable {
    /// `output.dir`: one subdirectory per split, plus the run record and `rejects.jsonl`.
    public var dir: ConfigPath
    /// `output.compression` (default `zstd`, level 3).
    public var compression: OutputConfig.Compression
    /// `output.shard_size_limit`: raw bytes before a shard rolls over (default 64 MiB,
    /// at most ``maxShardSizeLimit``).
    public var shardSizeLimit: Int
    /// `output.token_dtype` (default `int32`).
    public var tokenDType: OutputConfig.TokenDType
    /// `output.text_columns`: also store `input`, `label`, `teacher_label`, `rationale`
    /// as text (default false).
    public var textColumns: Bool
    /// `output.hashes`: per-shard hashes in the index (default none).
    public var hashes: [OutputConfig.HashAlgorithm]

    /// The largest `shard_size_limit` accepted: 1 GiB. MDS offsets are 32-bit and
    /// readers hold a whole shard in memory, so larger shards only hurt.
    public static let maxShardSizeLimit = 1 << 30

    public init(
        dir: ConfigPath, compression: OutputConfig.Compression = .zstd(level: 3), shardSizeLimit: Int = 1 << 26,
        tokenDType: OutputConfig.TokenDType = .int32, textColumns: Bool = false, hashes: [OutputConfig.HashAlgorithm] = []
    ) {
        self.dir = dir
        self.compression = compression
        self.shardSizeLimit = shardSizeLimit
        self.tokenDType = tokenDType
        self.textColumns = textColumns
        self.hashes = hashes
    }
}

extension OutputConfig {
    /// `output.compression`: `zstd` (level 3), `zstd:N` (N in 1…22) or `none`.
    public enum Compression: Sendable, Hashable {
        /// Raw `.mds` shards.
        case none
        /// One zstd frame per shard (`.mds.zstd`) at this level.
        case zstd(level: Int)

        /// Parses the pipeline-file spelling; `nil` when it is not one of the forms above.
        public init?(_ text: String) {
            if text == "none" { self = .none; return }
            if text == "zstd" { self = .zstd(level: 3); return }
            guard text.hasPrefix("zstd:"), let level = Int(text.dropFirst(5)), (1...22).contains(level),
                !text.dropFirst(5).hasPrefix("+"), !text.dropFirst(5).hasPrefix("0")
            else { return nil }
            self = .zstd(level: level)
        }

        /// The name MDS writes in `index.json`'s `compression` field (`zstd` for level 3,
        /// `zstd:N` otherwise), or `nil` for no compression.
        public var mdsName: String? {
            switch self {
            case .none: return nil
            case .zstd(let level): return level == 3 ? "zstd" : "zstd:\(level)"
            }
        }

        /// The spelling used in pipeline files and the canonical config.
        public var text: String { mdsName ?? "none" }
    }
}

extension OutputConfig {
    /// `output.token_dtype`: the element type of token columns.
    public enum TokenDType: String, Sendable, Hashable, CaseIterable {
        /// `ndarray:int32`.
        case int32
        /// `ndarray:uint16`, when the vocabulary fits (T5's 32,100 ids do).
        case uint16
    }
}

extension OutputConfig {
    /// `output.hashes`: hash algorithms recorded per shard in `index.json`.
    public enum HashAlgorithm: String, Sendable, Hashable, CaseIterable {
        /// SHA-1 of the shard file, hex.
        case sha1
        /// xxHash64 of the shard file.
        case xxh64
    }
}
