import Crypto

/// The file hashes an index may carry for each shard (`output.hashes`).
///
/// Digests are lowercase hex, as `hashlib`/`xxhash` `hexdigest()` give them, taken over
/// the raw shard bytes (`raw_data.hashes`) and over the compressed file (`zip_data.hashes`).
public enum ShardHashAlgorithm: String, Sendable, Hashable, CaseIterable, Comparable {
    case sha1
    case xxh64

    public static func < (a: ShardHashAlgorithm, b: ShardHashAlgorithm) -> Bool { a.rawValue < b.rawValue }

    public func hexDigest(_ bytes: [UInt8]) -> String {
        switch self {
        case .sha1:
            return Insecure.SHA1.hash(data: bytes).map { b in
                let s = String(b, radix: 16)
                return b < 16 ? "0" + s : s
            }.joined()
        case .xxh64:
            return XXH64.hexDigest(bytes)
        }
    }

    /// Digests of `bytes` for each algorithm, keyed by name.
    static func digests(_ algorithms: [ShardHashAlgorithm], of bytes: [UInt8]) -> [String: String] {
        var out: [String: String] = [:]
        for a in algorithms { out[a.rawValue] = a.hexDigest(bytes) }
        return out
    }
}
