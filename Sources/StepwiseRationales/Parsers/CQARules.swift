/// CommonsenseQA, as the paper's code parses it: cut at the first `Q:` (the next,
/// invented exemplar), right-strip, and split at `So the answer is`; the rationale is the
/// part before, right-stripped. The label is the text after the first choice marker — a
/// `(`, any one character but a newline, `)` — up to the next such marker, stripped and
/// without one trailing `.`; blank when there is no marker or nothing follows it.
///
/// The paper's code fails outright when the phrase occurs other than once; here that
/// gives a blank rationale and label, as ANLI's rule does.
struct CQARules {
    private static let question = "Q:".bytes
    private static let phrase = "So the answer is".bytes

    func paper(_ text: UTF8Text) -> PaperSplit {
        let body = text.rstrip(text.prefix(text.all, before: Self.question))
        let parts = text.split(body, on: Self.phrase)
        guard parts.count == 2 else { return PaperSplit(rationale: "", label: "", foundAnswerPhrase: parts.count > 2) }
        let rationale = text.string(text.rstrip(parts[0]))
        let markers = Self.choiceMarkers(text, in: parts[1])
        guard let first = markers.first else {
            return PaperSplit(rationale: rationale, label: "", foundAnswerPhrase: true)
        }
        let end = markers.count > 1 ? markers[1].lowerBound : parts[1].upperBound
        var label = text.strip(first.upperBound..<end)
        guard let (last, _) = text.lastScalar(label) else {
            return PaperSplit(rationale: rationale, label: "", foundAnswerPhrase: true)
        }
        if last == UInt32(UInt8(ascii: ".")) { label = text.dropLastScalar(label) }
        return PaperSplit(rationale: rationale, label: text.string(label), foundAnswerPhrase: true)
    }

    /// Non-overlapping `(x)` markers, left to right, where `x` is one code point other
    /// than a newline (the regular expression `\(.\)`).
    static func choiceMarkers(_ text: UTF8Text, in range: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if text.bytes[i] == UInt8(ascii: "("),
                let (value, length) = text.firstScalar((i + 1)..<range.upperBound),
                value != 0x0A,
                i + 1 + length < range.upperBound,
                text.bytes[i + 1 + length] == UInt8(ascii: ")")
            {
                out.append(i..<(i + 2 + length))
                i += 2 + length
            } else {
                i += 1
            }
        }
        return out
    }

    let recovery = AnswerRecovery(exemplarMarker: "Q:", readLabel: ChoiceLabelReader.read)
}

extension AnswerRules {
    /// CommonsenseQA's rules.
    public static let cqa = AnswerRules(
        labels: LabelSpec(kind: .choices), paper: { text, _ in CQARules().paper(text) }, recovery: CQARules().recovery)
}
