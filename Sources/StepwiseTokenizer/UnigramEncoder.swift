import Foundation

/// The encoding pipeline of a loaded tokenizer: added-token split → normalizers →
/// Metaspace pre-tokenization → unigram Viterbi per word. Immutable and `Sendable`; every
/// `encode` call owns its scratch buffers, so concurrent calls never share mutable state.
struct UnigramEncoder: Sendable {
    let definition: TokenizerDefinition
    private let trie: PieceTrie
    private let splitter: AddedTokenSplitter
    private let unkID: Int32
    private let unkScore: Double

    /// HF's penalty below the lowest piece score for an unknown character.
    static let unknownPenalty = 10.0

    init(definition: TokenizerDefinition) {
        self.definition = definition
        let unkID = Int32(definition.unkID)
        let unkScore = (definition.scores.min() ?? 0) - Self.unknownPenalty
        var trie = PieceTrie(pieces: definition.pieces, scores: definition.scores)
        trie.markWholeWordPieces(pieces: definition.pieces, unkID: unkID, unkScore: unkScore)
        self.trie = trie
        self.splitter = AddedTokenSplitter(tokens: definition.addedTokens)
        self.unkID = unkID
        self.unkScore = unkScore
    }

    /// Scratch space for `encode` calls made one at a time: two buffers for the normalizer
    /// chain, one for a pre-tokenized word, the lattice and the word cache (capacity 0: none).
    struct Scratch: ~Copyable {
        var first: [UInt8] = []
        var second: [UInt8] = []
        var words: [UInt8] = []
        var lattice = UnigramLattice(capacity: 64)
        var cache: WordCache

        init(cacheCapacity: Int) {
            cache = WordCache(capacity: cacheCapacity)
        }
    }

    /// Appends the ids of `text` (no EOS) to `ids`, reusing `scratch` (and its word cache).
    func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32], scratch: inout Scratch) {
        guard text.count > 0 else { return }
        trie.withView { view in
            if splitter.isEmpty {
                encodeSegment(text, isFirst: true, view: view, scratch: &scratch, into: &ids)
            } else {
                splitter.split(text) { piece in
                    switch piece {
                    case .token(let id):
                        ids.append(id)
                    case .text(let range):
                        encodeSegment(
                            UnsafeBufferPointer(rebasing: text[range]), isFirst: range.lowerBound == 0,
                            view: view, scratch: &scratch, into: &ids)
                    }
                }
            }
        }
    }

    private func encodeSegment(
        _ segment: UnsafeBufferPointer<UInt8>, isFirst: Bool, view: PieceTrie.View,
        scratch: inout Scratch, into ids: inout [Int32]
    ) {
        // Most text passes every normalizer unchanged (plain ASCII for T5's): skip the copies.
        if definition.normalizers.allSatisfy({ $0.leavesUnchanged(segment) }) {
            preTokenizeAndSegment(segment, isFirst: isFirst, view: view, scratch: &scratch, into: &ids)
            return
        }
        // Normalizers, ping-ponging between two buffers; `source` tracks where the result is.
        var normalizedInFirst = false
        var usedInput = true
        for step in definition.normalizers {
            if usedInput {
                scratch.first.removeAll(keepingCapacity: true)
                step.apply(segment, into: &scratch.first)
                normalizedInFirst = true
                usedInput = false
            } else if normalizedInFirst {
                scratch.second.removeAll(keepingCapacity: true)
                scratch.first.withUnsafeBufferPointer { step.apply($0, into: &scratch.second) }
                normalizedInFirst = false
            } else {
                scratch.first.removeAll(keepingCapacity: true)
                scratch.second.withUnsafeBufferPointer { step.apply($0, into: &scratch.first) }
                normalizedInFirst = true
            }
        }
        if usedInput {
            preTokenizeAndSegment(segment, isFirst: isFirst, view: view, scratch: &scratch, into: &ids)
        } else {
            // Moved out while the pre-tokenizer runs, so the buffer is not copied.
            var normalized: [UInt8] = []
            if normalizedInFirst { swap(&normalized, &scratch.first) } else { swap(&normalized, &scratch.second) }
            normalized.withUnsafeBufferPointer {
                preTokenizeAndSegment($0, isFirst: isFirst, view: view, scratch: &scratch, into: &ids)
            }
            if normalizedInFirst { swap(&normalized, &scratch.first) } else { swap(&normalized, &scratch.second) }
        }
    }

    private func preTokenizeAndSegment(
        _ normalized: UnsafeBufferPointer<UInt8>, isFirst: Bool, view: PieceTrie.View,
        scratch: inout Scratch, into ids: inout [Int32]
    ) {
        guard normalized.count > 0 else { return }
        guard let metaspace = definition.metaspace else {
            scratch.lattice.segment(normalized, trie: view, unkID: unkID, unkScore: unkScore, into: &ids)
            return
        }
        let replacement = metaspace.replacement
        let startsWithSpace = normalized[0] == 0x20 || startsWith(normalized, replacement)
        let prepend: Bool
        switch metaspace.prependScheme {
        case .always: prepend = !startsWithSpace
        case .first: prepend = !startsWithSpace && isFirst
        case .never: prepend = false
        }
        let replacementLead = replacement[0]
        if metaspace.split, !Self.contains(normalized, replacement) {
            // No `▁` in the text itself: every word is a space-separated run, with a `▁` in
            // front for each space (and for the prepended one). Look words up in place.
            segmentRuns(normalized, prepend: prepend, replacement: replacement, view: view, scratch: &scratch, into: &ids)
            return
        }
        scratch.words.removeAll(keepingCapacity: true)
        if prepend { scratch.words.append(contentsOf: replacement) }
        // Spaces become the replacement; copy the runs between them in bulk.
        let count = normalized.count
        var index = 0
        while index < count {
            if normalized[index] == 0x20 {
                scratch.words.append(contentsOf: replacement)
                index += 1
                continue
            }
            var end = index + 1
            while end < count && normalized[end] != 0x20 { end += 1 }
            scratch.words.append(contentsOf: UnsafeBufferPointer(rebasing: normalized[index..<end]))
            index = end
        }
        var words: [UInt8] = []
        swap(&words, &scratch.words)
        defer { swap(&words, &scratch.words) }
        words.withUnsafeBufferPointer { words in
            guard metaspace.split else {
                scratch.lattice.segment(words, trie: view, unkID: unkID, unkScore: unkScore, into: &ids)
                return
            }
            // Each replacement character starts a new word (HF `MergedWithNext`).
            let count = words.count
            var wordStart = 0
            var index = 1
            while index < count {
                if words[index] == replacementLead && startsWith(words, replacement, at: index) {
                    segmentWord(
                        UnsafeBufferPointer(rebasing: words[wordStart..<index]), replacement: replacement, view: view,
                        scratch: &scratch, into: &ids)
                    wordStart = index
                    index += replacement.count
                } else {
                    index += 1
                }
            }
            segmentWord(
                UnsafeBufferPointer(rebasing: words[wordStart..<count]), replacement: replacement, view: view,
                scratch: &scratch, into: &ids)
        }
    }

    /// Segments the words of `text` (which holds no replacement character): the run before
    /// the first space (marked when `prepend`), then one marked word per space.
    private func segmentRuns(
        _ text: UnsafeBufferPointer<UInt8>, prepend: Bool, replacement: [UInt8], view: PieceTrie.View,
        scratch: inout Scratch, into ids: inout [Int32]
    ) {
        let count = text.count
        let hashing = scratch.cache.capacity > 0
        var (index, hash) = Self.scanRun(text, from: 0, marked: prepend, hashing: hashing)
        if index > 0 || prepend {
            segmentCached(
                marked: prepend, rest: UnsafeBufferPointer(rebasing: text[0..<index]), hash: hash, word: nil,
                replacement: replacement, view: view, scratch: &scratch, into: &ids)
        }
        while index < count {
            // text[index] is a space: it and the run after it are one word.
            let (end, hash) = Self.scanRun(text, from: index + 1, marked: true, hashing: hashing)
            segmentCached(
                marked: true, rest: UnsafeBufferPointer(rebasing: text[(index + 1)..<end]), hash: hash, word: nil,
                replacement: replacement, view: view, scratch: &scratch, into: &ids)
            index = end
        }
    }

    /// The end of the run of non-space bytes starting at `start`, and the word-cache key of
    /// that run: the word is hashed while its end is searched for, in one pass. Without
    /// `hashing` (no cache), the key is 0.
    @inline(__always)
    private static func scanRun(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, marked: Bool, hashing: Bool
    ) -> (end: Int, hash: UInt64) {
        guard hashing else {
            var end = start
            while end < text.count && text[end] != 0x20 { end += 1 }
            return (end, 0)
        }
        var end = start
        var hash = WordCache.start(marked: marked)
        while end < text.count {
            let byte = text[end]
            if byte == 0x20 { break }
            hash = WordCache.step(hash, byte)
            end += 1
        }
        return (end, WordCache.finish(hash))
    }

    /// Segments one word, given as its marker and the bytes after it, through the cache.
    /// `word` is the whole word when the caller has it in one piece; otherwise it is put
    /// together in the scratch buffer, and only on a cache miss.
    @inline(__always)
    private func segmentCached(
        marked: Bool, rest: UnsafeBufferPointer<UInt8>, hash: UInt64, word: UnsafeBufferPointer<UInt8>?,
        replacement: [UInt8], view: PieceTrie.View, scratch: inout Scratch, into ids: inout [Int32]
    ) {
        if scratch.cache.lookup(marked: marked, rest: rest, hash: hash, into: &ids) { return }
        let start = ids.count
        if let word {
            scratch.lattice.segment(word, trie: view, unkID: unkID, unkScore: unkScore, into: &ids)
        } else {
            replacement.withUnsafeBufferPointer { replacement in
                scratch.lattice.segment(
                    prefix: marked ? replacement : UnsafeBufferPointer(start: nil, count: 0), rest: rest, trie: view,
                    unkID: unkID, unkScore: unkScore, into: &ids)
            }
        }
        ids.withUnsafeBufferPointer {
            scratch.cache.insert(marked: marked, rest: rest, hash: hash, ids: UnsafeBufferPointer(rebasing: $0[start...]))
        }
    }

    /// Segments one pre-tokenized word (a `▁` only at its start, if anywhere), through the cache.
    @inline(__always)
    private func segmentWord(
        _ word: UnsafeBufferPointer<UInt8>, replacement: [UInt8], view: PieceTrie.View,
        scratch: inout Scratch, into ids: inout [Int32]
    ) {
        let marked = startsWith(word, replacement)
        let rest = marked ? UnsafeBufferPointer(rebasing: word[replacement.count...]) : word
        segmentCached(
            marked: marked, rest: rest, hash: WordCache.key(marked: marked, rest: rest), word: word,
            replacement: replacement, view: view, scratch: &scratch, into: &ids)
    }

    /// Whether `bytes` holds `pattern` (non-empty) somewhere; finds its first byte with memchr.
    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8]) -> Bool {
        guard let base = bytes.baseAddress, let lead = pattern.first else { return false }
        var from = 0
        while from < bytes.count, let found = memchr(base + from, Int32(lead), bytes.count - from) {
            let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if at + pattern.count <= bytes.count && pattern.indices.allSatisfy({ bytes[at + $0] == pattern[$0] }) { return true }
            from = at + 1
        }
        return false
    }

    @inline(__always)
    private func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8], at index: Int = 0) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }
}
