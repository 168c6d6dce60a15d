/// A byte trie over the unigram pieces, for common-prefix search during Viterbi.
///
/// A double array: node `n`'s child by byte `b` is unit `base(n) + b` when that unit's
/// `parent` is `n`. One 16-byte unit holds everything a lattice step needs — the transition
/// check, the base of the next step, whether a piece ends there and its score — so a step
/// is one load. Nodes are placed breadth first, so the shallow nodes every word walks
/// through share a few cache lines. Unit 0 is the root. Piece ids are kept apart, by unit:
/// Viterbi needs them only for the pieces on the best path.
struct PieceTrie: Sendable {
    struct Unit: Sendable {
        /// The unit of the parent node; -1 for the root and for free units.
        var parent: Int32 = -1
        /// The base (low 30 bits), `hasPiece` and `wholeWord`.
        var packed: UInt32 = 0
        /// The score of the piece ending here (0 when none).
        var score: Double = 0

        static let hasPieceBit: UInt32 = 1 << 31
        /// A word spelled exactly like this node's piece segments into that one piece (set by
        /// `markWholeWordPieces`); lets Viterbi stop after its first walk for such words.
        static let wholeWordBit: UInt32 = 1 << 30
        static let baseMask: UInt32 = (1 << 30) - 1

        /// Where this node's children start: child by byte `b` is unit `base + b`.
        @inline(__always) var base: Int { Int(packed & Self.baseMask) }
        @inline(__always) var hasPiece: Bool { packed & Self.hasPieceBit != 0 }
        @inline(__always) var wholeWord: Bool { packed & Self.wholeWordBit != 0 }
    }

    /// Nodes, then 256 free units so that `base + b` never runs past the end.
    private(set) var units: [Unit]
    /// The id of the piece ending at each unit, or -1.
    private(set) var pieceIDs: [Int32]

    /// Builds the trie. A piece spelled like an earlier one replaces it, as HF's
    /// token-to-id map does.
    init(pieces: [String], scores: [Double]) {
        // First a plain tree: children by byte, sorted, and the piece ending at each node.
        var children: [[(byte: UInt8, node: Int32)]] = [[]]
        var pieceAt: [Int32] = [-1]
        for (id, piece) in pieces.enumerated() {
            var node = 0
            for byte in piece.utf8 {
                if let known = children[node].first(where: { $0.byte == byte }) {
                    node = Int(known.node)
                } else {
                    let child = Int32(children.count)
                    children[node].append((byte, child))
                    children.append([])
                    pieceAt.append(-1)
                    node = Int(child)
                }
            }
            if node != 0 { pieceAt[node] = Int32(id) }
        }
        // Then each node's children placed at the first base where all of them fit, trying
        // only bases that put the first child on a free unit.
        var units = [Unit()]
        var pieceIDs: [Int32] = [-1]
        var free = FreeUnits()
        free.take(0)
        var queue: [(node: Int32, unit: Int32)] = [(0, 0)]
        var head = 0
        while head < queue.count {
            let (node, unit) = queue[head]
            head += 1
            let kids = children[Int(node)].sorted { $0.byte < $1.byte }
            guard let first = kids.first else { continue }
            var position = free.first(atOrAfter: Int(first.byte) + 1)
            while kids.dropFirst().contains(where: { !free.isFree(position - Int(first.byte) + Int($0.byte)) }) {
                position = free.first(atOrAfter: position + 1)
            }
            let base = position - Int(first.byte)
            precondition(base <= Int(Unit.baseMask), "PieceTrie: more than 2^30 units")
            units[Int(unit)].packed |= UInt32(base)
            for kid in kids {
                let position = base + Int(kid.byte)
                if units.count <= position {
                    units.append(contentsOf: repeatElement(Unit(), count: position + 1 - units.count))
                    pieceIDs.append(contentsOf: repeatElement(-1, count: position + 1 - pieceIDs.count))
                }
                let id = pieceAt[Int(kid.node)]
                units[position] = Unit(
                    parent: unit, packed: id >= 0 ? Unit.hasPieceBit : 0, score: id >= 0 ? scores[Int(id)] : 0)
                pieceIDs[position] = id
                free.take(position)
                queue.append((kid.node, Int32(position)))
            }
        }
        units.append(contentsOf: repeatElement(Unit(), count: 256))
        pieceIDs.append(contentsOf: repeatElement(-1, count: 256))
        self.units = units
        self.pieceIDs = pieceIDs
    }

    /// Which units are still free while the trie is built: a bitmap, and for each taken unit
    /// a link towards the next free one (shortened as it is followed), so finding the first
    /// free unit after a run of taken ones does not walk the run again.
    private struct FreeUnits {
        private var taken: [Bool] = []
        private var next: [Int] = []

        func isFree(_ position: Int) -> Bool { position >= taken.count || !taken[position] }

        mutating func take(_ position: Int) {
            if position >= taken.count {
                let grown = max(position + 1, taken.count * 2, 1024)
                next.append(contentsOf: taken.count..<grown)
                taken.append(contentsOf: repeatElement(false, count: grown - taken.count))
            }
            taken[position] = true
            next[position] = position + 1
        }

        /// The first free unit at or after `position`.
        mutating func first(atOrAfter position: Int) -> Int {
            var found = position
            while found < taken.count && taken[found] { found = next[found] }
            // Every taken unit passed on the way now links straight to `found`.
            var step = position
            while step < found && step < taken.count {
                let following = next[step]
                next[step] = found
                step = following
            }
            return found
        }
    }

    /// Runs the full Viterbi on every piece spelled as a word and marks the nodes whose piece
    /// is the whole answer. The shortcut is exact: the same bytes give the same lattice.
    mutating func markWholeWordPieces(pieces: [String], unkID: Int32, unkScore: Double) {
        var marks = [Bool](repeating: false, count: units.count)
        var lattice = UnigramLattice(capacity: 64)
        var ids: [Int32] = []
        withView { view in
            for index in units.indices where pieceIDs[index] >= 0 && pieceIDs[index] != unkID {
                let id = pieceIDs[index]
                var bytes = Array(pieces[Int(id)].utf8)
                ids.removeAll(keepingCapacity: true)
                bytes.withUnsafeMutableBufferPointer { word in
                    lattice.segment(UnsafeBufferPointer(word), trie: view, unkID: unkID, unkScore: unkScore, into: &ids)
                }
                marks[index] = ids == [id]
            }
        }
        for index in units.indices where marks[index] { units[index].packed |= Unit.wholeWordBit }
    }

    /// Raw pointers into the tables for the hot loop; valid only inside `withView`.
    struct View {
        let units: UnsafePointer<Unit>
        let pieceIDs: UnsafePointer<Int32>

        /// The child of `node` by `byte`, or -1.
        @inline(__always)
        func child(of node: Int, byte: UInt8) -> Int {
            let position = units[node].base &+ Int(byte)
            return units[position].parent == Int32(truncatingIfNeeded: node) ? position : -1
        }
    }

    func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try units.withUnsafeBufferPointer { units in
            try pieceIDs.withUnsafeBufferPointer { pieceIDs in
                try body(View(units: units.baseAddress!, pieceIDs: pieceIDs.baseAddress!))
            }
        }
    }
}
