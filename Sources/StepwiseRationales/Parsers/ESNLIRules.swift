/// e-SNLI, as the paper's code parses it: the rationale is the text before the first
/// `Answer:`, right-stripped; the label is the text after the first `Answer: ` up to the
/// next `Premise`, right-stripped (blank when there is no `Answer: `).
///
/// (The paper's code takes `split("Answer: ")[1]`, which would also stop at a second
/// `Answer: ` before any `Premise`; no released completion has one, and the rule
/// is followed here.)
///
/// The completion is not cut at the next exemplar first: the rationale comes before the
/// answer and the label stops at `Premise`. A completion cut off inside the next marker
/// (`neutral\n\nPre`) therefore gives a label outside the space in `paper` mode.
struct ESNLIRules {
    private static let answerColon = "Answer:".bytes
    private static let answerColonSpace = "Answer: ".bytes
    private static let premise = "Premise".bytes

    func paper(_ text: UTF8Text) -> PaperSplit {
        let rationale = text.rstrip(text.prefix(text.all, before: Self.answerColon))
        guard let answer = text.firstIndex(of: Self.answerColonSpace, in: text.all) else {
            return PaperSplit(rationale: text.string(rationale), label: "", foundAnswerPhrase: false)
        }
        let after = (answer + Self.answerColonSpace.count)..<text.bytes.count
        let label = text.rstrip(text.prefix(after, before: Self.premise))
        return PaperSplit(rationale: text.string(rationale), label: text.string(label), foundAnswerPhrase: true)
    }

    let recovery = AnswerRecovery(exemplarMarker: "Premise:", readLabel: NLILabelReader.read)
}

extension AnswerRules {
    /// e-SNLI's rules.
    public static let esnli = AnswerRules(
        labels: LabelSpec.nli, paper: { text, _ in ESNLIRules().paper(text) }, recovery: ESNLIRules().recovery)
}
