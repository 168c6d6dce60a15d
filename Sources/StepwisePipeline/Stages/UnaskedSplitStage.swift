import StepwiseCore

/// For splits the teacher is not asked about (`teacher.splits`, typically the evaluation
/// splits, which need only the gold label): each record goes straight to tokenization with
/// an empty rationale and the gold label as its teacher label. Nothing is sent or parsed,
/// and the record does not count towards teacher accuracy.
struct UnaskedSplitStage: Stage {
    let name = "parse"

    func process(_ batch: [SourceRecord], context: inout BatchContext) async throws -> [ParsedRecord] {
        batch.map { record in
            let teacher = TeacherRecord(
                prompted: PromptedRecord(source: record, prompt: .text("")),
                completion: nil, cached: false, attempts: 0)
            return ParsedRecord(
                teacher: teacher, rationale: "", teacherLabel: record.label, status: .kept, reason: nil,
                teacherCorrect: nil)
        }
    }
}
