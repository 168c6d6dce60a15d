/// Picks a deterministic subset of records by id: a record is kept when a 64-bit hash of
/// (seed, id), read as a number in [0, 1), is below the fraction.
///
/// The same seed keeps the same ids on every machine and in every run, and because the
/// hash of an id does not depend on the fraction, a smaller fraction keeps a subset of
/// what a larger one keeps. The hash is FNV-1a over the seed's 8 little-endian bytes and
/// the id's UTF-8, finished with the SplitMix64 mixer so that similar ids spread evenly.
public struct RecordSampler: Sendable, Hashable {
    public var fraction: Double
    public var seed: UInt64

    public init(fraction: Double, seed: UInt64) {
        self.fraction = fraction
        self.seed = seed
    }

    /// The id's position in [0, 1).
    public func position(of id: String) -> Double {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var s = seed
        for _ in 0..<8 {
            h = (h ^ (s & 0xFF)) &* 0x0000_0100_0000_01B3
            s >>= 8
        }
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 30
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return Double(h >> 11) * 0x1.0p-53
    }

    public func keeps(_ id: String) -> Bool {
        fraction >= 1 || position(of: id) < fraction
    }
}
