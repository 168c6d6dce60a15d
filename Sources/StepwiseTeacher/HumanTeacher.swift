import StepwisePrompting
import StepwiseCore

/// The `human` teacher: the dataset's own explanation as the rationale and the gold
/// label as the label, written with the dataset's standard answer template
/// (``ExemplarSet/standardAnswer(for:)``) so the parse stage reads it like a teacher's
/// answer. Records without an explanation (SVAMP, ASDiv) are dropped as `no_explanation`.
final class HumanTeacher: TeacherBackend {
    func answer(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        var out: [TeacherRecord] = []
        out.reserveCapacity(batch.count)
        for record in batch {
            let source = record.source
            guard let explanation = source.explanation, !explanation.isEmpty else {
                context.drop(record, reason: "no_explanation")
                continue
            }
            let template = ExemplarSet.standardAnswer(for: source.dataset)
            var completion = ""
            template.render(into: &completion) { $0 == "rationale" ? Self.clean(explanation) : AnswerLabel.text(for: source) }
            out.append(TeacherRecord(prompted: record, completion: completion, cached: true, attempts: 0))
        }
        return out
    }

    /// The explanation on one line, trimmed, ending with a full stop, so the answer phrase
    /// that follows reads as a new sentence.
    static func clean(_ explanation: String) -> String {
        var s = explanation.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        s = s.trimmingCharacters(in: .whitespaces)
        if let last = s.last, !".!?".contains(last) { s += "." }
        return s
    }
}
