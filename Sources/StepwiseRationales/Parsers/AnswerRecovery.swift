/// The robust mode's second pass, shared by all datasets: find an answer phrase in any of
/// its usual wordings and case, read a label after it with the dataset's reader, and take
/// the text before it as the rationale.
///
/// - The completion is cut at the first exemplar marker (`Q:`, `Premise:`) that starts a
///   line after the first one, so an invented next exemplar is ignored while a chat reply
///   that restates the question first is not cut away.
/// - Phrases (case-insensitive): see ``standardPhrases``, plus a task's own. Where two overlap (`So the answer is`
///   contains `the answer is`) the earlier, longer one is used.
/// - Phrases are tried left to right; the first whose following text reads as a label in
///   the space wins. Later phrases that restate the same label are fine; a later phrase
///   with a *different* label makes the completion ambiguous (no label).
/// - The rationale is the text before the phrase, stripped, after the last line prefix
///   `Rationale:` / `Explanation:` / `Reasoning:` / `A:` if there is one, without
///   trailing `,` or `;` (`…, so the answer is`).
struct AnswerRecovery: Sendable {
    /// Reads a label from the text after an answer phrase (up to the end of the body).
    typealias LabelReader = @Sendable (UTF8Text, Range<Int>, LabelSpace) -> String?

    enum Result: Sendable, Hashable {
        case recovered(rationale: String, label: String)
        /// Answer phrases were found but none is followed by a label in the space.
        case noLabel
        case noPhrase
    }

    /// The usual answer phrases, lowercase.
    static let standardPhrases: [[UInt8]] = [
        "so the answer is", "hence the answer is", "therefore the answer is", "therefore, the answer is",
        "thus the answer is", "the correct answer is", "the answer is", "final answer:", "answer:",
        "therefore,", "hence,",
    ].map(\.bytes)

    private static let rationalePrefixes: [[UInt8]] = ["rationale:", "explanation:", "reasoning:", "a:"].map(\.bytes)

    /// Where an invented next exemplar starts; empty when the exemplars give no marker.
    let exemplarMarker: [UInt8]
    /// The phrases searched for, lowercase.
    let phrases: [[UInt8]]
    let readLabel: LabelReader

    /// - Parameter extraPhrases: a task's own answer phrases, tried with the usual ones.
    init(exemplarMarker: String?, extraPhrases: [String] = [], readLabel: @escaping LabelReader) {
        self.exemplarMarker = (exemplarMarker ?? "").bytes
        var phrases = Self.standardPhrases
        for phrase in extraPhrases.map({ Array($0.lowercased().utf8) }) where !phrase.isEmpty && !phrases.contains(phrase) {
            phrases.append(phrase)
        }
        self.phrases = phrases
        self.readLabel = readLabel
    }

    func recover(_ text: UTF8Text, space: LabelSpace) -> Result {
        let body = text.lstrip(text.all)
        let end = Self.nextExemplar(exemplarMarker, text, in: body) ?? body.upperBound
        let candidates = answerPhrases(text, in: body.lowerBound..<end)
        guard !candidates.isEmpty else { return .noPhrase }
        for (k, phrase) in candidates.enumerated() {
            guard let label = readLabel(text, phrase.upperBound..<end, space) else { continue }
            for later in candidates[(k + 1)...] {
                if let other = readLabel(text, later.upperBound..<end, space), other != label { return .noLabel }
            }
            return .recovered(rationale: rationale(text, in: body.lowerBound..<phrase.lowerBound), label: label)
        }
        return .noLabel
    }

    /// Where an invented next exemplar starts: the first exemplar marker at the start of a
    /// line, not counting the first line (a reply may restate the question first).
    static func nextExemplar(_ marker: [UInt8], _ text: UTF8Text, in body: Range<Int>) -> Int? {
        guard body.count > 1, !marker.isEmpty else { return nil }
        var from = body.lowerBound + 1
        while let i = text.firstIndex(of: marker, in: from..<body.upperBound) {
            if text.bytes[i - 1] == 0x0A { return i }
            from = i + 1
        }
        return nil
    }

    /// Answer phrase occurrences, left to right, without ones inside an earlier match.
    private func answerPhrases(_ text: UTF8Text, in range: Range<Int>) -> [Range<Int>] {
        var all: [Range<Int>] = []
        for phrase in phrases {
            for i in text.occurrences(of: phrase, in: range, caseInsensitive: true) {
                // A phrase must start a word: `thence,` is not `hence,`.
                if i > range.lowerBound, text.bytes[i - 1].isASCIILetter { continue }
                all.append(i..<(i + phrase.count))
            }
        }
        all.sort { $0.lowerBound != $1.lowerBound ? $0.lowerBound < $1.lowerBound : $0.count > $1.count }
        var out: [Range<Int>] = []
        for r in all where out.last.map({ r.lowerBound >= $0.upperBound }) ?? true { out.append(r) }
        return out
    }

    private func rationale(_ text: UTF8Text, in range: Range<Int>) -> String {
        var start = range.lowerBound
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            let line = text.lstrip(lineStart..<range.upperBound)
            for prefix in Self.rationalePrefixes
            where text.firstIndex(of: prefix, in: line, caseInsensitive: true) == line.lowerBound {
                start = line.lowerBound + prefix.count
            }
            guard let newline = text.firstIndex(of: [0x0A], in: lineStart..<range.upperBound) else { break }
            lineStart = newline + 1
        }
        var r = text.strip(start..<range.upperBound)
        while let (last, length) = text.lastScalar(r), last == 0x2C || last == 0x3B {
            r = text.rstrip(r.lowerBound..<(r.upperBound - length))
        }
        return text.string(r)
    }
}
