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
    /// The trie unit of the piece ending the best path to each position; -1: unknown.
    private var bestNode: UnsafeMutablePointer<Int32>
    private var reversed: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// Where a word given in two parts is put together.
    private var joined: UnsafeMutablePointer<UInt8>
    private var joinedCapacity = 64

    init(capacity: Int = 64) {
        self.capacity = capacity
        bestScore = .allocate(capacity: capacity + 1)
        bestStart = .allocate(capacity: capacity + 1)
        bestNode = .allocate(capacity: capacity + 1)
        reversed = .allocate(capacity: capacity + 1)
        joined = .allocate(capacity: joinedCapacity)
    }

    deinit {
        joined.deallocate()
        bestScore.deallocate()
        bestStart.deallocate()
        bestNode.deallocate()
        reversed.deallocate()
    }

    @inline(__always)
    private mutating func reserve(_ count: Int) {
        if count > capacity { grow(to: count) }
    }

    private mutating func grow(to count: Int) {
        bestScore.deallocate()
        bestStart.deallocate()
        bestNode.deallocate()
        reversed.deallocate()
        capacity = max(count, capacity * 2)
        bestScore = .allocate(capacity: capacity + 1)
        bestStart = .allocate(capacity: capacity + 1)
        bestNode = .allocate(capacity: capacity + 1)
        reversed = .allocate(capacity: capacity + 1)
    }

    /// Appends the ids of the best segmentation of the word `prefix + rest` to `ids`.
    mutating func segment(
        prefix: UnsafeBufferPointer<UInt8>, rest: UnsafeBufferPointer<UInt8>, trie: PieceTrie.View, unkID: Int32,
        unkScore: Double, into ids: inout [Int32]
    ) {
        let count = prefix.count + rest.count
        if count > joinedCapacity {
            joined.deallocate()
            joinedCapacity = max(count, joinedCapacity * 2)
            joined = .allocate(capacity: joinedCapacity)
        }
        if let source = prefix.baseAddress { joined.update(from: source, count: prefix.count) }
        if let source = rest.baseAddress { (joined + prefix.count).update(from: source, count: rest.count) }
        segment(UnsafeBufferPointer(start: joined, count: count), trie: trie, unkID: unkID, unkScore: unkScore, into: &ids)
    }

    /// Appends the ids of the best segmentation of `word` (valid UTF-8, non-empty) to `ids`.
    mutating func segment(
        _ word: UnsafeBufferPointer<UInt8>, trie: PieceTrie.View, unkID: Int32, unkScore: Double,
        into ids: inout [Int32]
    ) {
        let count = word.count
        guard count > 0 else { return }
        reserve(count)
        let bestScore = self.bestScore, bestStart = self.bestStart, bestNode = self.bestNode
        bestScore[0] = 0
        for index in 1...count { bestStart[index] = -1 }

        do {
            let units = trie.units
            let rootBase = units[0].base
            var start = 0
            while start < count {
                let base = bestScore[start]
                let characterLength = min(UTF8Length.ofLeadByte(word[start]), count - start)
                var hasSingleCharacterPiece = false
                var node = rootBase &+ Int(word[start])
                var unit = units[node]
                var end = start + 1
                // Walk down while the unit reached is the child of the node before (the root first).
                if unit.parent == 0 {
                    while true {
                        if unit.hasPiece {
                            if start == 0 && end == count && unit.wholeWord {
                                ids.append(trie.pieceIDs[node])
                                return
                            }
                            let candidate = unit.score + base
                            if bestStart[end] < 0 || candidate > bestScore[end] {
                                bestScore[end] = candidate
                                bestStart[end] = Int32(start)
                                bestNode[end] = Int32(truncatingIfNeeded: node)
                            }
                            if end - start == characterLength { hasSingleCharacterPiece = true }
                        }
                        guard end < count else { break }
                        let next = unit.base &+ Int(word[end])
                        let child = units[next]
                        guard child.parent == Int32(truncatingIfNeeded: node) else { break }
                        node = next
                        unit = child
                        end += 1
                    }
                }
                if !hasSingleCharacterPiece {
                    let target = start + characterLength
                    let candidate = unkScore + base
                    if bestStart[target] < 0 || candidate > bestScore[target] {
                        bestScore[target] = candidate
                        bestStart[target] = Int32(start)
                        bestNode[target] = -1
                    }
                }
                start += characterLength
            }
        }

        // Walk back from the end; runs of unknowns collapse into a single unk id.
        var produced = 0
        var end = count
        var previousWasUnknown = false
        let pieceIDs = trie.pieceIDs
        while end > 0 {
            let node = bestNode[end]
            let id = node < 0 ? unkID : pieceIDs[Int(node)]
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
