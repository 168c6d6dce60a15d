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
    var scratch: UnigramEncoder.Scratch
    /// ``SentencePieceTokenizer/encode(_:prefixes:addEOS:session:)``'s prefix ids, by prefix
    /// list (`nil` inside: not sharable).
    var prefixIDs: [[String]: [[Int32]]?] = [:]
    /// Where a prefix and a text are joined before encoding.
    var joined: [UInt8] = []
    /// The fingerprint of the model whose ids are cached: a session handed to another
    /// model starts over rather than giving it the first one's ids.
    private var model: String?

    /// Empties the caches when `fingerprint` is not the model they were filled for.
    @inline(__always)
    func use(for fingerprint: String) {
        if model == fingerprint { return }
        model = fingerprint
        scratch.cache = WordCache(capacity: scratch.cache.capacity)
        prefixIDs = [:]
    }
    /// Distinct words kept before the cache is emptied and starts over.
    public var capacity: Int { scratch.cache.capacity }

    public init(capacity: Int = 1 << 17) {
        scratch = UnigramEncoder.Scratch(cacheCapacity: capacity)
    }

    /// Words cached right now.
    public var cachedWords: Int { scratch.cache.count }
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
