import Foundation

/// The ids of pre-tokenized words already segmented, in flat arrays (no per-word objects).
///
/// With Metaspace splitting, a word is its `▁` (or none, for a first word without one)
/// followed by bytes that hold no `▁`, so a key is `(marked, rest)`: the cache never needs
/// the word's bytes in one piece, and a hit costs a hash, one probe or a few, and a compare.
///
/// Open addressing with linear probing over a power-of-two table, at most half full. When
/// `capacity` distinct words are held, the table becomes the previous generation and a new
/// one starts: a word found only in the previous one is copied into the new one, so words
/// still in use survive while the rest go with the next turn.
/// A capacity of 0 disables the cache (lookups miss, inserts do nothing).
///
/// On text whose words rarely repeat, probing and filling the table (larger than the
/// processor's caches) costs more than the segmentations it saves: when fewer than 70% of
/// a sample of lookups hit, the next lookups skip the cache for a while, then a new sample
/// decides again. Only the speed depends on it, never the ids.
struct WordCache {
    /// Distinct words kept in a generation before it is turned over.
    let capacity: Int
    private var current = WordCacheGeneration()
    private var previous = WordCacheGeneration()

    /// Lookups in the current sample, and how many of them hit.
    private var sampled = 0
    private var sampledHits = 0
    /// Lookups still to skip (missing without a probe) after a sample with too few hits.
    private var skipping = 0
    static let sampleSize = 4096
    static let skippedAfterPoorSample = 16 * sampleSize

    /// Words in the current generation.
    var count: Int { current.count }

    init(capacity: Int) {
        self.capacity = capacity
    }

    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash state before the first byte of a word's rest (FNV-1a, seeded by the marker).
    @inline(__always)
    static func start(marked: Bool) -> UInt64 { marked ? seed ^ 0x9e37_79b9_7f4a_7c15 : seed }

    /// The hash state after one more byte.
    @inline(__always)
    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }

    /// The key hash from the final state: high bits mixed down (the table index uses the
    /// low ones), never 0.
    @inline(__always)
    static func finish(_ hash: UInt64) -> UInt64 { (hash ^ (hash >> 29) ^ (hash >> 47)) | 1 }

    /// The key hash of a word: whether it starts with the marker, and the bytes after it.
    @inline(__always)
    static func key(marked: Bool, rest: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = start(marked: marked)
        for byte in rest { h = step(h, byte) }
        return finish(h)
    }

    /// Appends the cached ids of the word `(marked, rest)` to `out`; false when not cached.
    @inline(__always)
    mutating func lookup(marked: Bool, rest: UnsafeBufferPointer<UInt8>, hash: UInt64, into out: inout [Int32]) -> Bool {
        if skipping > 0 {
            skipping -= 1
            return false
        }
        let hit =
            current.lookup(marked: marked, rest: rest, hash: hash, into: &out)
            || (previous.count > 0 && promote(marked: marked, rest: rest, hash: hash, into: &out))
        sampled += 1
        if hit { sampledHits += 1 }
        if sampled == Self.sampleSize {
            if sampledHits * 10 < sampled * 7 { skipping = Self.skippedAfterPoorSample }
            sampled = 0
            sampledHits = 0
        }
        return hit
    }

    /// Looks the word up in the previous generation and, when found, copies it into the current one.
    private mutating func promote(marked: Bool, rest: UnsafeBufferPointer<UInt8>, hash: UInt64, into out: inout [Int32]) -> Bool {
        let start = out.count
        guard previous.lookup(marked: marked, rest: rest, hash: hash, into: &out) else { return false }
        let found = Array(out[start...])
        found.withUnsafeBufferPointer { insert(marked: marked, rest: rest, hash: hash, ids: $0) }
        return true
    }

    /// Remembers the ids of the word `(marked, rest)`; call only after a missed lookup.
    mutating func insert(marked: Bool, rest: UnsafeBufferPointer<UInt8>, hash: UInt64, ids wordIDs: UnsafeBufferPointer<Int32>) {
        guard capacity > 0, skipping == 0, rest.count < 1 << 31 else { return }
        if current.count >= capacity || current.isFull(adding: rest.count, ids: wordIDs.count) {
            swap(&current, &previous)
            current.removeAll()
        }
        current.insert(marked: marked, rest: rest, hash: hash, ids: wordIDs)
    }
}

/// One generation of ``WordCache``: the table and the pools its slots point into.
struct WordCacheGeneration {
    private struct Slot {
        /// The key's hash; 0 marks an empty slot (real hashes have bit 0 set).
        var hash: UInt64 = 0
        var byteStart: UInt32 = 0
        var byteCount: UInt32 = 0
        var idStart: UInt32 = 0
        var idCount: UInt32 = 0
    }

    private var slots: [Slot] = []
    private var bytes: [UInt8] = []
    private var ids: [Int32] = []
    private(set) var count = 0

    /// Appends the cached ids of the word `(marked, rest)` to `out`; false when not cached.
    @inline(__always)
    func lookup(marked: Bool, rest: UnsafeBufferPointer<UInt8>, hash: UInt64, into out: inout [Int32]) -> Bool {
        guard !slots.isEmpty else { return false }
        let stored = UInt32(rest.count) | (marked ? 1 << 31 : 0)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot.hash == 0 { return false }
                if slot.hash == hash, slot.byteCount == stored {
                    let same = rest.isEmpty || bytes.withUnsafeBufferPointer { pool in
                        memcmp(pool.baseAddress! + Int(slot.byteStart), rest.baseAddress!, rest.count) == 0
                    }
                    if same {
                        ids.withUnsafeBufferPointer { pool in
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: pool[Int(slot.idStart)..<Int(slot.idStart + slot.idCount)]))
                        }
                        return true
                    }
                }
                index = (index + 1) & mask
            }
        }
    }

    /// Whether `rest` and `wordIDs` no longer fit the 32-bit offsets.
    func isFull(adding rest: Int, ids wordIDs: Int) -> Bool {
        bytes.count + rest > Int(UInt32.max) || ids.count + wordIDs > Int(UInt32.max)
    }

    /// Remembers the ids of the word `(marked, rest)`; the word must not be held yet.
    mutating func insert(marked: Bool, rest: UnsafeBufferPointer<UInt8>, hash: UInt64, ids wordIDs: UnsafeBufferPointer<Int32>) {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index].hash != 0 { index = (index + 1) & mask }
        slots[index] = Slot(
            hash: hash, byteStart: UInt32(bytes.count), byteCount: UInt32(rest.count) | (marked ? 1 << 31 : 0),
            idStart: UInt32(ids.count), idCount: UInt32(wordIDs.count))
        bytes.append(contentsOf: rest)
        ids.append(contentsOf: wordIDs)
        count += 1
    }

    mutating func removeAll() {
        for i in slots.indices { slots[i].hash = 0 }
        bytes.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        count = 0
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: Swift.max(1024, old.count * 2))
        let mask = slots.count - 1
        for slot in old where slot.hash != 0 {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].hash != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
