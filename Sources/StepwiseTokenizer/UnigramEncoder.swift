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

    /// Per-call buffers: two for the normalizer chain, one for the pre-tokenized words.
    private struct Buffers {
        var first: [UInt8] = []
        var second: [UInt8] = []
        var words: [UInt8] = []
    }

    /// Appends the ids of `text` (no EOS) to `ids`.
    func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        guard text.count > 0 else { return }
        var buffers = Buffers()
        buffers.first.reserveCapacity(text.count + 8)
        buffers.second.reserveCapacity(text.count + 8)
        buffers.words.reserveCapacity(text.count * 3 / 2 + 8)
        var lattice = UnigramLattice(capacity: 64)
        trie.withView { view in
            if splitter.isEmpty {
                encodeSegment(text, isFirst: true, view: view, buffers: &buffers, lattice: &lattice, into: &ids)
            } else {
                splitter.split(text) { piece in
                    switch piece {
                    case .token(let id):
                        ids.append(id)
                    case .text(let range):
                        encodeSegment(
                            UnsafeBufferPointer(rebasing: text[range]), isFirst: range.lowerBound == 0,
                            view: view, buffers: &buffers, lattice: &lattice, into: &ids)
                    }
                }
            }
        }
    }

    private func encodeSegment(
        _ segment: UnsafeBufferPointer<UInt8>, isFirst: Bool, view: PieceTrie.View,
        buffers: inout Buffers, lattice: inout UnigramLattice, into ids: inout [Int32]
    ) {
        // Normalizers, ping-ponging between two buffers; `source` tracks where the result is.
        var normalizedInFirst = false
        var usedInput = true
        for step in definition.normalizers {
            if usedInput {
                buffers.first.removeAll(keepingCapacity: true)
                step.apply(segment, into: &buffers.first)
                normalizedInFirst = true
                usedInput = false
            } else if normalizedInFirst {
                buffers.second.removeAll(keepingCapacity: true)
                buffers.first.withUnsafeBufferPointer { step.apply($0, into: &buffers.second) }
                normalizedInFirst = false
            } else {
                buffers.first.removeAll(keepingCapacity: true)
                buffers.second.withUnsafeBufferPointer { step.apply($0, into: &buffers.first) }
                normalizedInFirst = true
            }
        }
        if usedInput {
            preTokenizeAndSegment(segment, isFirst: isFirst, view: view, buffers: &buffers, lattice: &lattice, into: &ids)
        } else if normalizedInFirst {
            let normalized = buffers.first
            normalized.withUnsafeBufferPointer {
                preTokenizeAndSegment($0, isFirst: isFirst, view: view, buffers: &buffers, lattice: &lattice, into: &ids)
            }
        } else {
            let normalized = buffers.second
            normalized.withUnsafeBufferPointer {
                preTokenizeAndSegment($0, isFirst: isFirst, view: view, buffers: &buffers, lattice: &lattice, into: &ids)
            }
        }
    }

    private func preTokenizeAndSegment(
        _ normalized: UnsafeBufferPointer<UInt8>, isFirst: Bool, view: PieceTrie.View,
        buffers: inout Buffers, lattice: inout UnigramLattice, into ids: inout [Int32]
    ) {
        guard normalized.count > 0 else { return }
        guard let metaspace = definition.metaspace else {
            lattice.segment(normalized, trie: view, unkID: unkID, unkScore: unkScore, into: &ids)
            return
        }
        let replacement = metaspace.replacement
        buffers.words.removeAll(keepingCapacity: true)
        let startsWithSpace = normalized[0] == 0x20 || startsWith(normalized, replacement)
        let prepend: Bool
        switch metaspace.prependScheme {
        case .always: prepend = !startsWithSpace
        case .first: prepend = !startsWithSpace && isFirst
        case .never: prepend = false
        }
        if prepend { buffers.words.append(contentsOf: replacement) }
        // Spaces become the replacement; copy the runs between them in bulk.
        let count = normalized.count
        var index = 0
        while index < count {
            if normalized[index] == 0x20 {
                buffers.words.append(contentsOf: replacement)
                index += 1
                continue
            }
            var end = index + 1
            while end < count && normalized[end] != 0x20 { end += 1 }
            buffers.words.append(contentsOf: UnsafeBufferPointer(rebasing: normalized[index..<end]))
            index = end
        }
        let unkID = self.unkID, unkScore = self.unkScore
        let replacementLead = replacement[0]
        buffers.words.withUnsafeBufferPointer { words in
            guard metaspace.split else {
                lattice.segment(words, trie: view, unkID: unkID, unkScore: unkScore, into: &ids)
                return
            }
            // Each replacement character starts a new word (HF `MergedWithNext`).
            let count = words.count
            var wordStart = 0
            var index = 1
            while index < count {
                if words[index] == replacementLead && startsWith(words, replacement, at: index) {
                    lattice.segment(
                        UnsafeBufferPointer(rebasing: words[wordStart..<index]), trie: view, unkID: unkID,
                        unkScore: unkScore, into: &ids)
                    wordStart = index
                    index += replacement.count
                } else {
                    index += 1
                }
            }
            lattice.segment(
                UnsafeBufferPointer(rebasing: words[wordStart..<count]), trie: view, unkID: unkID,
                unkScore: unkScore, into: &ids)
        }
    }

    @inline(__always)
    private func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8], at index: Int = 0) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }
}
