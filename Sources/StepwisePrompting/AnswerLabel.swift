import StepwiseCore

/// How a gold label is written inside an answer phrase, as the paper's exemplars do:
/// CommonsenseQA names the choice letter and text (`(b) house`); the other datasets use
/// the label as it is (`contradiction`, `( 84.0 / 2.0 )`).
///
/// The `human` teacher uses this to turn a record's own explanation and gold label into a
/// completion that reads exactly like an exemplar's answer.
public enum AnswerLabel {
    public static func text(for record: SourceRecord) -> String {
        guard record.dataset.labelKind == .choice, let choices = record.choices,
            let i = choices.firstIndex(of: record.label), i < 26
        else { return record.label }
        let letter = Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(i)))
        return "(\(letter)) \(record.label)"
    }
}
