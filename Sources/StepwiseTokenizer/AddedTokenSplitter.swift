/// Finds tokenizer.json `added_tokens` in raw text the way HF `tokenizers` does before
/// normalization: leftmost-longest matches, each widened over whitespace on the left
/// (`lstrip`, never past the previous match) and on the right (`rstrip`).
struct AddedTokenSplitter: Sendable {
    /// A piece of the text: either plain text to normalize and segment, or an added token.
    enum Piece {
        case text(Range<Int>)
        case token(id: Int32)
    }

    private let tokens: [AddedToken]
    /// Per first byte: indices into `tokens`, longest content first.
    private let candidates: [[Int]]

    init(tokens: [AddedToken]) {
        let usable = tokens.filter { !$0.content.isEmpty }
        var candidates = [[Int]](repeating: [], count: 256)
        for (index, token) in usable.enumerated() { candidates[Int(token.content[0])].append(index) }
        for byte in 0..<256 {
            candidates[byte].sort { usable[$0].content.count > usable[$1].content.count }
        }
        self.tokens = usable
        self.candidates = candidates
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// Calls `body` for each piece of `text` in order; empty text pieces are skipped.
    func split(_ text: UnsafeBufferPointer<UInt8>, _ body: (Piece) -> Void) {
        let count = text.count
        var pieceStart = 0
        var index = 0
        scan: while index < count {
            let options = candidates[Int(text[index])]
            for option in options {
                let token = tokens[option]
                let length = token.content.count
                guard index + length <= count else { continue }
                var matches = true
                for offset in 0..<length where text[index + offset] != token.content[offset] {
                    matches = false
                    break
                }
                guard matches else { continue }
                var start = index
                var stop = index + length
                if token.lstrip { start = max(UnicodeWhitespace.trimmedEnd(text, start: 0, end: start), pieceStart) }
                if token.rstrip { stop = UnicodeWhitespace.trimmedStart(text, start: stop, end: count) }
                if start > pieceStart { body(.text(pieceStart..<start)) }
                body(.token(id: Int32(token.id)))
                pieceStart = stop
                index = stop
                continue scan
            }
            index += 1
        }
        if pieceStart < count { body(.text(pieceStart..<count)) }
    }
}
