/// A byte trie over the unigram pieces, for common-prefix search during Viterbi.
///
/// Nodes are numbered, node 0 is the root. Root transitions use a 256-entry table; deeper
/// transitions live in one open-addressing hash table whose 64-bit slots pack the key
/// `(parent << 8) | byte` (high half) with the child node (low half), so a step costs one
/// multiply and usually one load, with no pointers to chase. Each node's piece id, score and
/// whole-word mark sit together in one 16-byte record.
struct PieceTrie: Sendable {
    /// What the lattice needs to know about a node, in one cache-friendly record.
    struct Node: Sendable {
        /// The score of the piece ending here (unused when `pieceID` is -1).
        var score: Double = 0
        /// The id of the piece ending here, or -1.
        var pieceID: Int32 = -1
        /// A word spelled exactly like this node's piece segments into that one piece (set by
        /// `markWholeWordPieces`); lets Viterbi stop after its first walk for such words.
        var wholeWord = false
    }

    private(set) var rootChildren: [Int32]
    private(set) var slots: [UInt64]
    private(set) var shift: UInt64
    private(set) var mask: Int
    private(set) var nodes: [Node]

    static let emptySlot = UInt64.max

    @inline(__always)
    static func slotIndex(key: UInt64, shift: UInt64) -> Int {
        Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Builds the trie. A piece spelled like an earlier one replaces it, as HF's
    /// token-to-id map does.
    init(pieces: [String], scores: [Double]) {
        var rootChildren = [Int32](repeating: -1, count: 256)
        var edges: [UInt64: Int32] = [:]
        var nodes: [Node] = [Node()]
        for (id, piece) in pieces.enumerated() {
            var node: Int32 = 0
            for byte in piece.utf8 {
                if node == 0 {
                    if rootChildren[Int(byte)] < 0 {
                        rootChildren[Int(byte)] = Int32(nodes.count)
                        nodes.append(Node())
                    }
                    node = rootChildren[Int(byte)]
                } else {
                    let key = UInt64(node) << 8 | UInt64(byte)
                    if let child = edges[key] {
                        node = child
                    } else {
                        let child = Int32(nodes.count)
                        edges[key] = child
                        nodes.append(Node())
                        node = child
                    }
                }
            }
            if node != 0 {
                nodes[Int(node)].pieceID = Int32(id)
                nodes[Int(node)].score = scores[id]
            }
        }
        var bits: UInt64 = 4
        while (1 << bits) < edges.count * 2 { bits += 1 }
        let capacity = 1 << Int(bits)
        var slots = [UInt64](repeating: Self.emptySlot, count: capacity)
        let shift = 64 - bits
        let mask = capacity - 1
        for (key, child) in edges {
            var slot = Self.slotIndex(key: key, shift: shift)
            while slots[slot] != Self.emptySlot { slot = (slot + 1) & mask }
            slots[slot] = key << 32 | UInt64(UInt32(bitPattern: child))
        }
        self.rootChildren = rootChildren
        self.slots = slots
        self.shift = shift
        self.mask = mask
        self.nodes = nodes
    }

    /// Runs the full Viterbi on every piece spelled as a word and marks the nodes whose piece
    /// is the whole answer. The shortcut is exact: the same bytes give the same lattice.
    mutating func markWholeWordPieces(pieces: [String], unkID: Int32, unkScore: Double) {
        var marks = [Bool](repeating: false, count: nodes.count)
        var lattice = UnigramLattice(capacity: 64)
        var ids: [Int32] = []
        withView { view in
            for index in nodes.indices where nodes[index].pieceID >= 0 && nodes[index].pieceID != unkID {
                let id = nodes[index].pieceID
                var bytes = Array(pieces[Int(id)].utf8)
                ids.removeAll(keepingCapacity: true)
                bytes.withUnsafeMutableBufferPointer { word in
                    lattice.segment(UnsafeBufferPointer(word), trie: view, unkID: unkID, unkScore: unkScore, into: &ids)
                }
                marks[index] = ids == [id]
            }
        }
        for index in nodes.indices { nodes[index].wholeWord = marks[index] }
    }

    /// Raw pointers into the tables for the hot loop; valid only inside `withView`.
    struct View {
        let rootChildren: UnsafeBufferPointer<Int32>
        let slots: UnsafeBufferPointer<UInt64>
        let nodes: UnsafeBufferPointer<Node>
        let shift: UInt64
        let mask: Int

        /// The child of `node` (not the root) by `byte`, or -1.
        @inline(__always)
        func child(of node: Int, byte: UInt8) -> Int {
            let key = UInt64(node) << 8 | UInt64(byte)
            var slot = PieceTrie.slotIndex(key: key, shift: shift)
            while true {
                let stored = slots[slot]
                if stored >> 32 == key { return Int(UInt32(truncatingIfNeeded: stored)) }
                if stored == PieceTrie.emptySlot { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }

    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try rootChildren.withUnsafeBufferPointer { rootChildren in
            try slots.withUnsafeBufferPointer { slots in
                try nodes.withUnsafeBufferPointer { nodes in
                    try body(View(rootChildren: rootChildren, slots: slots, nodes: nodes, shift: shift, mask: mask))
                }
            }
        }
    }
}
