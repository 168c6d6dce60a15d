/// A byte trie over the unigram pieces, for common-prefix search during Viterbi.
///
/// Nodes are numbered, node 0 is the root. Root transitions use a 256-entry table; deeper
/// transitions live in one open-addressing hash table keyed by `(parent << 8) | byte`, so a
/// step costs one multiply and usually one probe, with no pointers to chase. Each node knows
/// the piece that ends there (`-1`: none) and that piece's score.
struct PieceTrie: Sendable {
    private(set) var rootChildren: [Int32]
    private(set) var keys: [UInt64]
    private(set) var children: [Int32]
    private(set) var shift: UInt64
    private(set) var mask: Int
    /// Per node: the id of the piece ending here, or -1.
    private(set) var pieceIDs: [Int32]
    /// Per node: that piece's score (unused when `pieceIDs` is -1).
    private(set) var pieceScores: [Double]
    /// Per node: a word spelled exactly like this node's piece segments into that one piece.
    /// Set by `markWholeWordPieces`; lets Viterbi stop after its first trie walk for the
    /// (very common) words that are pieces themselves.
    private(set) var wholeWord: [Bool]

    static let emptyKey = UInt64.max

    /// Builds the trie. A piece spelled like an earlier one replaces it, as HF's
    /// token-to-id map does.
    init(pieces: [String], scores: [Double]) {
        var rootChildren = [Int32](repeating: -1, count: 256)
        var edges: [UInt64: Int32] = [:]
        var pieceIDs: [Int32] = [-1]
        var pieceScores: [Double] = [0]
        for (id, piece) in pieces.enumerated() {
            var node: Int32 = 0
            for byte in piece.utf8 {
                if node == 0 {
                    if rootChildren[Int(byte)] < 0 {
                        rootChildren[Int(byte)] = Int32(pieceIDs.count)
                        pieceIDs.append(-1)
                        pieceScores.append(0)
                    }
                    node = rootChildren[Int(byte)]
                } else {
                    let key = UInt64(node) << 8 | UInt64(byte)
                    if let child = edges[key] {
                        node = child
                    } else {
                        let child = Int32(pieceIDs.count)
                        edges[key] = child
                        pieceIDs.append(-1)
                        pieceScores.append(0)
                        node = child
                    }
                }
            }
            if node != 0 {
                pieceIDs[Int(node)] = Int32(id)
                pieceScores[Int(node)] = scores[id]
            }
        }
        var bits: UInt64 = 4
        while (1 << bits) < edges.count * 2 { bits += 1 }
        let capacity = 1 << Int(bits)
        var keys = [UInt64](repeating: Self.emptyKey, count: capacity)
        var children = [Int32](repeating: -1, count: capacity)
        let shift = 64 - bits
        let mask = capacity - 1
        for (key, child) in edges {
            var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != Self.emptyKey { slot = (slot + 1) & mask }
            keys[slot] = key
            children[slot] = child
        }
        self.rootChildren = rootChildren
        self.keys = keys
        self.children = children
        self.shift = shift
        self.mask = mask
        self.pieceIDs = pieceIDs
        self.pieceScores = pieceScores
        self.wholeWord = [Bool](repeating: false, count: pieceIDs.count)
    }

    /// Runs the full Viterbi on every piece spelled as a word and marks the nodes whose piece
    /// is the whole answer. The shortcut is exact: the same bytes give the same lattice.
    mutating func markWholeWordPieces(pieces: [String], unkID: Int32, unkScore: Double) {
        var marks = [Bool](repeating: false, count: pieceIDs.count)
        var lattice = UnigramLattice(capacity: 64)
        var ids: [Int32] = []
        withView { view in
            for node in pieceIDs.indices where pieceIDs[node] >= 0 && pieceIDs[node] != unkID {
                let id = pieceIDs[node]
                var bytes = Array(pieces[Int(id)].utf8)
                ids.removeAll(keepingCapacity: true)
                bytes.withUnsafeMutableBufferPointer { word in
                    lattice.segment(UnsafeBufferPointer(word), trie: view, unkID: unkID, unkScore: unkScore, into: &ids)
                }
                marks[node] = ids == [id]
            }
        }
        wholeWord = marks
    }

    /// Raw pointers into the tables for the hot loop; valid only inside `withView`.
    struct View {
        let rootChildren: UnsafeBufferPointer<Int32>
        let keys: UnsafeBufferPointer<UInt64>
        let children: UnsafeBufferPointer<Int32>
        let pieceIDs: UnsafeBufferPointer<Int32>
        let pieceScores: UnsafeBufferPointer<Double>
        let wholeWord: UnsafeBufferPointer<Bool>
        let shift: UInt64
        let mask: Int
    }

    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try rootChildren.withUnsafeBufferPointer { rootChildren in
            try keys.withUnsafeBufferPointer { keys in
                try children.withUnsafeBufferPointer { children in
                    try pieceIDs.withUnsafeBufferPointer { pieceIDs in
                        try pieceScores.withUnsafeBufferPointer { pieceScores in
                            try wholeWord.withUnsafeBufferPointer { wholeWord in
                                try body(View(
                                    rootChildren: rootChildren, keys: keys, children: children,
                                    pieceIDs: pieceIDs, pieceScores: pieceScores, wholeWord: wholeWord,
                                    shift: shift, mask: mask))
                            }
                        }
                    }
                }
            }
        }
    }
}
