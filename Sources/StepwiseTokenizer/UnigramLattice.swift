/// Viterbi segmentation of one pre-tokenized word over the unigram lattice, following HF
/// `tokenizers`' `Unigram::encode_optimized` step for step so ties resolve the same way:
/// start positions ascend by character, candidate pieces ascend by length, and a node's best
/// path is replaced only by a strictly better score. A character with no one-character piece
/// gets an unknown node scored `min_score - 10`; consecutive unknowns fuse into one unk id.
///
/// Scratch arrays are owned by the caller (one set per `encode` call) and grow as needed.
struct UnigramLattice: ~Copyable {
    private var bestScore: UnsafeMutablePointer<Double>
    private var bestStart: UnsafeMutablePointer<Int32>
    private var bestID: UnsafeMutablePointer<Int32>
    private var reversed: UnsafeMutablePointer<Int32>
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
        bestScore = .allocate(capacity: capacity + 1)
        bestStart = .allocate(capacity: capacity + 1)
        bestID = .allocate(capacity: capacity + 1)
        reversed = .allocate(capacity: capacity + 1)
    }

    deinit {
        bestScore.deallocate()
        bestStart.deallocate()
        bestID.deallocate()
        reversed.deallocate()
    }

    private mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        bestScore.deallocate()
        bestStart.deallocate()
        bestID.deallocate()
        reversed.deallocate()
        capacity = max(count, capacity * 2)
        bestScore = .allocate(capacity: capacity + 1)
        bestStart = .allocate(capacity: capacity + 1)
        bestID = .allocate(capacity: capacity + 1)
        reversed = .allocate(capacity: capacity + 1)
    }

    /// Appends the ids of the best segmentation of `word` (valid UTF-8, non-empty) to `ids`.
    mutating func segment(
        _ word: UnsafeBufferPointer<UInt8>, trie: PieceTrie.View, unkID: Int32, unkScore: Double,
        into ids: inout [Int32]
    ) {
        let count = word.count
        guard count > 0 else { return }
        reserve(count)
        let bestScore = self.bestScore, bestStart = self.bestStart, bestID = self.bestID
        bestScore[0] = 0
        for index in 1...count { bestStart[index] = -1 }

        do {
            let rootChildren = trie.rootChildren, nodes = trie.nodes
            var start = 0
            while start < count {
                let base = bestScore[start]
                let characterLength = min(UTF8Length.ofLeadByte(word[start]), count - start)
                var hasSingleCharacterPiece = false
                var node = Int(rootChildren[Int(word[start])])
                var end = start + 1
                while node >= 0 {
                    let record = nodes[node]
                    if record.pieceID >= 0 {
                        if start == 0 && end == count && record.wholeWord {
                            ids.append(record.pieceID)
                            return
                        }
                        let candidate = record.score + base
                        if bestStart[end] < 0 || candidate > bestScore[end] {
                            bestScore[end] = candidate
                            bestStart[end] = Int32(start)
                            bestID[end] = record.pieceID
                        }
                        if end - start == characterLength { hasSingleCharacterPiece = true }
                    }
                    guard end < count else { break }
                    node = trie.child(of: node, byte: word[end])
                    end += 1
                }
                if !hasSingleCharacterPiece {
                    let target = start + characterLength
                    let candidate = unkScore + base
                    if bestStart[target] < 0 || candidate > bestScore[target] {
                        bestScore[target] = candidate
                        bestStart[target] = Int32(start)
                        bestID[target] = unkID
                    }
                }
                start += characterLength
            }
        }

        // Walk back from the end; runs of unknowns collapse into a single unk id.
        var produced = 0
        var end = count
        var previousWasUnknown = false
        while end > 0 {
            let id = bestID[end]
            if id == unkID {
                if !previousWasUnknown {
                    reversed[produced] = id
                    produced += 1
                }
                previousWasUnknown = true
            } else {
                reversed[produced] = id
                produced += 1
                previousWasUnknown = false
            }
            end = Int(bestStart[end])
        }
        var index = produced - 1
        while index >= 0 {
            ids.append(reversed[index])
            index -= 1
        }
    }
}
