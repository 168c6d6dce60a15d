/// SVAMP and ASDiv, as the paper's code parses them: cut at the first `Q:` (the next,
/// invented exemplar), right-strip, and split at `The answer is`. Exactly two parts give
/// the rationale (the part before, right-stripped) and the label: the first
/// parenthesised span after the phrase, from a `(` to the last `)` on the same line
/// (the greedy regular expression `\(.*\)`); blank when there is none. Any other number
/// of parts gives a blank rationale and label.
struct EquationRules {
    private static let question = "Q:".bytes
    private static let phrase = "The answer is".bytes

    func paper(_ text: UTF8Text) -> PaperSplit {
        let body = text.rstrip(text.prefix(text.all, before: Self.question))
        let parts = text.split(body, on: Self.phrase)
        guard parts.count == 2 else { return PaperSplit(rationale: "", label: "", foundAnswerPhrase: parts.count > 2) }
        let rationale = text.string(text.rstrip(parts[0]))
        let label = Self.greedyParenthesised(text, in: parts[1]).map(text.string) ?? ""
        return PaperSplit(rationale: rationale, label: label, foundAnswerPhrase: true)
    }

    /// The leftmost match of `\(.*\)`: `.` stops at a newline, and `.*` is greedy, so the
    /// match runs from the first `(` that has a `)` after it on its line to that line's
    /// last `)`.
    static func greedyParenthesised(_ text: UTF8Text, in range: Range<Int>) -> Range<Int>? {
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            var lineEnd = lineStart
            while lineEnd < range.upperBound, text.bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if let open = (lineStart..<lineEnd).first(where: { text.bytes[$0] == UInt8(ascii: "(") }),
                let close = (open..<lineEnd).last(where: { text.bytes[$0] == UInt8(ascii: ")") }),
                close > open
            {
                return open..<(close + 1)
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    let recovery = AnswerRecovery(exemplarMarker: "Q:", readLabel: EquationLabelReader.read)
}

extension AnswerRules {
    /// SVAMP's and ASDiv's rules.
    public static let equation = AnswerRules(
        labels: LabelSpec(kind: .equation), paper: { text, _ in EquationRules().paper(text) }, recovery: EquationRules().recovery)
}
