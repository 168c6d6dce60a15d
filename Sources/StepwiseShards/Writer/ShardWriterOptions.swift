/// How shard files are compressed (`output.compression`).
public enum ShardCompression: Sendable, Hashable, CustomStringConvertible {
    /// Raw `shard.NNNNN.mds` files, `"compression": null`.
    case none
    /// One zstd frame per shard at `level` (1…22); `"zstd"` in the index means level 3.
    case zstd(level: Int)

    /// The default: `zstd` at level 3.
    public static let standard = ShardCompression.zstd(level: 3)

    /// Parses `zstd`, `zstd:N` (N in 1…22) or `none`.
    public init(parsing text: String) throws {
        switch text {
        case "none", "null", "": self = .none
        case "zstd": self = .zstd(level: 3)
        default:
            guard text.hasPrefix("zstd:"), let level = Int(text.dropFirst(5)), (1...22).contains(level) else {
                throw ShardError.configuration(
                    "output.compression '\(text)' is not supported; use zstd, zstd:N with N in 1…22, or none")
            }
            self = .zstd(level: level)
        }
    }

    /// The `compression` string of the index: `"zstd"` for level 3, like MDSWriter's default.
    public var indexName: String? {
        switch self {
        case .none: return nil
        case .zstd(let level): return level == 3 ? "zstd" : "zstd:\(level)"
        }
    }

    public var description: String { indexName ?? "none" }
}

/// Settings of a ``ShardWriter``; the defaults are MDSWriter's.
public struct ShardWriterOptions: Sendable, Hashable {
    public var compression: ShardCompression
    /// Roll over to a new shard before the raw shard would pass this many bytes
    /// (`output.shard_size_limit`); `nil` = one shard. Must be below 2^32.
    public var sizeLimit: Int?
    /// File hashes recorded in the index (`output.hashes`).
    public var hashes: [ShardHashAlgorithm]
    /// Shards compressed (and written) concurrently, off the caller's task. Each holds
    /// about one raw shard plus its zip in memory until it is committed.
    public var compressionWorkers: Int

    public init(
        compression: ShardCompression = .standard, sizeLimit: Int? = 1 << 26,
        hashes: [ShardHashAlgorithm] = [], compressionWorkers: Int = 1
    ) {
        self.compression = compression
        self.sizeLimit = sizeLimit
        self.hashes = hashes
        self.compressionWorkers = compressionWorkers
    }

    func validate() throws {
        if let limit = sizeLimit, limit < 0 || limit >= 1 << 32 {
            throw ShardError.configuration(
                "output.shard_size_limit \(limit) is out of range (raw shards must stay below 4 GiB: MDS offsets are u32)")
        }
        if compressionWorkers < 1 {
            throw ShardError.configuration("compression workers must be at least 1 (got \(compressionWorkers))")
        }
    }

    /// `size_limit` as the index records it (`0` means none, like MDSWriter's `None`).
    var indexSizeLimit: Int? { sizeLimit == 0 ? nil : sizeLimit }
    var sortedHashes: [ShardHashAlgorithm] { Array(Set(hashes)).sorted() }
}

extension ShardSchema {
    /// The Stepwise schema, refusing `uint16` token columns when the vocabulary has ids
    /// above 65535 (`vocabularySize` > 65536).
    public static func stepwise(
        tokenDType: TokenDType, textColumns: Bool, vocabularySize: Int, metadata: Bool = false
    ) throws -> ShardSchema {
        if tokenDType == .uint16 && vocabularySize > 65536 {
            throw ShardError.configuration(
                "output.token_dtype uint16 cannot hold this tokenizer's ids (vocabulary \(vocabularySize) > 65536); use int32")
        }
        return stepwise(tokenDType: tokenDType, textColumns: textColumns, metadata: metadata)
    }
}
