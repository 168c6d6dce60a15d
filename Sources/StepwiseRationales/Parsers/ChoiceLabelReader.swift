/// Reads a CommonsenseQA answer after an answer phrase (robust mode), mapped to the
/// choice text of that record.
///
/// Looks at the rest of the phrase's line. The text after the first choice marker
/// (`(b)`, also a leading `b)` / `b.` / `b:` / a lone letter) — or the whole line when
/// there is no marker — is compared with the choices after ``normalise(_:)`` (case,
/// surrounding punctuation and quotes, a leading article). If it names no choice and
/// a letter `a`…`e` (or up to the record's number of choices) was given, the letter's choice is the answer. Two different letters
/// on the line (`either (a) pond or (e) lake`, `(a) shop, (b) room`) name no single answer.
enum ChoiceLabelReader {
    @Sendable static func read(_ text: UTF8Text, _ range: Range<Int>, _ space: LabelSpace) -> String? {
        guard case .choices(let choices) = space, !choices.isEmpty else { return nil }
        let lineEnd = text.firstIndex(of: [0x0A], in: range) ?? range.upperBound
        let line = text.strip(range.lowerBound..<lineEnd)
        // Letters a…e (CommonsenseQA's five), or as many as the record has choices.
        let letterCount = min(26, max(5, choices.count))
        var markers = CQARules.choiceMarkers(text, in: line).filter {
            letterIndex(text.bytes[$0.lowerBound + 1], count: letterCount) != nil
        }
        if markers.isEmpty, let leading = leadingLetter(text, in: line, count: letterCount) { markers = [leading] }
        let letters = Set(markers.compactMap { letterIndex(text.bytes[$0.lowerBound + ($0.count == 3 ? 1 : 0)], count: letterCount) })

        // Two different letters (`either (a) x or (b) y`) name no single answer.
        guard letters.count <= 1 else { return nil }
        let answerText: Range<Int>
        if let first = markers.first {
            let next = markers.dropFirst().first?.lowerBound ?? line.upperBound
            answerText = first.upperBound..<max(first.upperBound, next)
        } else {
            answerText = line
        }
        let wanted = normalise(text.string(answerText))
        if !wanted.isEmpty, let match = choices.first(where: { normalise($0) == wanted }) { return match }
        if letters.count == 1, let index = letters.first, index < choices.count { return choices[index] }
        return nil
    }

    /// Lowercased, whitespace collapsed, without surrounding punctuation, quotes or
    /// asterisks and without a leading `a` / `an` / `the`.
    static func normalise(_ s: String) -> String {
        let trimSet: Set<Character> = [".", ",", ";", ":", "!", "?", "\"", "'", "*", "`", "(", ")"]
        var words = s.lowercased().split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard !words.isEmpty else { return "" }
        var joined = words.joined(separator: " ")
        while let c = joined.first, trimSet.contains(c) { joined.removeFirst() }
        while let c = joined.last, trimSet.contains(c) { joined.removeLast() }
        words = joined.split(separator: " ").map(String.init)
        if words.count > 1, ["a", "an", "the"].contains(words[0]) { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// 0…count-1 for `a`… in either case.
    private static func letterIndex(_ b: UInt8, count: Int) -> Int? {
        let lower = b | 0x20
        guard b.isASCIILetter, lower >= 0x61, Int(lower - 0x61) < count else { return nil }
        return Int(lower - 0x61)
    }

    /// A choice letter alone at the start of the line: `b)`, `b.`, `b:`, or `b` ending
    /// the line. Returned as a range whose first byte is the letter.
    private static func leadingLetter(_ text: UTF8Text, in line: Range<Int>, count: Int) -> Range<Int>? {
        guard !line.isEmpty, letterIndex(text.bytes[line.lowerBound], count: count) != nil else { return nil }
        let after = line.lowerBound + 1
        if after == line.upperBound { return line.lowerBound..<after }
        let next = text.bytes[after]
        if next == UInt8(ascii: ")") || next == UInt8(ascii: ":") { return line.lowerBound..<(after + 1) }
        if next == UInt8(ascii: "."), after + 1 == line.upperBound || text.bytes[after + 1] == 0x20 {
            return line.lowerBound..<(after + 1)
        }
        return nil
    }
}
