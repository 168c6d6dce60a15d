/// ANLI, as the paper's code parses it: cut at the first `Premise:` (the next, invented
/// exemplar), right-strip, and split at `So the answer is`. Exactly two parts give the
/// rationale (right-stripped) and the label (left-stripped, without its last character —
/// the period). Any other number of parts gives a blank rationale and label.
struct ANLIRules {
    private static let premise = "Premise:".bytes
    private static let phrase = "So the answer is".bytes

    func paper(_ text: UTF8Text) -> PaperSplit {
        let body = text.rstrip(text.prefix(text.all, before: Self.premise))
        let parts = text.split(body, on: Self.phrase)
        guard parts.count == 2 else { return PaperSplit(rationale: "", label: "", foundAnswerPhrase: parts.count > 2) }
        return PaperSplit(
            rationale: text.string(text.rstrip(parts[0])),
            label: text.string(text.dropLastScalar(text.lstrip(parts[1]))),
            foundAnswerPhrase: true)
    }

    let recovery = AnswerRecovery(exemplarMarker: "Premise:", readLabel: NLILabelReader.read)
}

extension AnswerRules {
    /// ANLI's rules.
    public static let anli = AnswerRules(
        labels: LabelSpec.nli, paper: { text, _ in ANLIRules().paper(text) }, recovery: ANLIRules().recovery)
}
