/// Reusable scratch space and a word cache for a run of `encode` calls.
///
/// Natural text repeats its words: e-SNLI's 550k inputs hold 23.5M words but only ~13k
/// distinct ones. A session remembers the ids of each pre-tokenized word it has segmented
/// (keyed by the word's normalized bytes, as HF's Unigram cache is), so a repeated word
/// skips the Viterbi search; it also keeps the normalizer buffers and the lattice between
/// calls instead of allocating them per call. The ids are exactly those of a session-less
/// `encode`: a word's segmentation depends only on its bytes.
///
/// A session is **not** thread-safe: use it from one task at a time (a stage takes one
/// from a ``EncodingSessionPool`` per batch). It is `@unchecked Sendable` only so that it
/// can be handed from task to task.
public final class EncodingSession: @unchecked Sendable {
    var buffers = UnigramEncoder.Buffers()
    var lattice = UnigramLattice(capacity: 64)
    private var table: [UInt64: Entry] = [:]
    private var storage: [Int32] = []
    /// Distinct words kept before the cache is emptied and starts over.
    public let capacity: Int

    private struct Entry {
        var bytes: [UInt8]
        var start: Int
        var count: Int
    }

    public init(capacity: Int = 1 << 17) {
        self.capacity = capacity
    }

    /// Words cached right now.
    public var cachedWords: Int { table.count }

    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in word {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        return h
    }

    /// Appends the cached ids of `word` to `ids`; false if the word is not cached.
    @inline(__always)
    func lookup(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, into ids: inout [Int32]) -> Bool {
        guard let entry = table[hash], entry.bytes.count == word.count else { return false }
        let same = entry.bytes.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress!, word.baseAddress!, word.count) == 0
        }
        guard same else { return false }
        ids.append(contentsOf: storage[entry.start..<(entry.start + entry.count)])
        return true
    }

    /// Remembers the ids of `word` (a colliding hash keeps the first word).
    func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, ids: ArraySlice<Int32>) {
        if table.count >= capacity {
            table.removeAll(keepingCapacity: true)
            storage.removeAll(keepingCapacity: true)
        }
        guard table[hash] == nil else { return }
        table[hash] = Entry(bytes: Array(word), start: storage.count, count: ids.count)
        storage.append(contentsOf: ids)
    }
}

import Foundation
import Synchronization

/// Hands out ``EncodingSession``s so concurrent workers each use their own; a returned
/// session (with its warm word cache) is given to the next taker.
public final class EncodingSessionPool: Sendable {
    private let idle = Mutex<[EncodingSession]>([])

    public init() {}

    /// Runs `body` with a session that no other task uses meanwhile.
    public func withSession<R>(_ body: (EncodingSession) throws -> R) rethrows -> R {
        let session = idle.withLock { $0.popLast() } ?? EncodingSession()
        defer { idle.withLock { $0.append(session) } }
        return try body(session)
    }
}
