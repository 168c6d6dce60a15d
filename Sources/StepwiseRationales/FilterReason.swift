/// Why the parse stage did not pass a record on. The raw values are the names counted in
/// the run's stats and written to `rejects.jsonl`.
public enum FilterReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The completion is empty or only whitespace (chat models return such answers).
    case emptyCompletion = "empty_completion"
    /// The completion has no answer phrase the parser recognises.
    case noAnswerPhrase = "no_answer_phrase"
    /// An answer phrase is there, but what follows is not in the label space (or blank).
    case labelOutsideSpace = "label_outside_space"
    /// The rationale is empty (only whitespace).
    case emptyRationale = "empty_rationale"
    /// The tokenized rationale is longer than ``ParseOptions/maxRationaleTokens``.
    case rationaleTooLong = "rationale_too_long"
    /// The teacher gave no completion after its retries.
    case teacherFailed = "teacher_failed"
    /// Another record with the same input was kept earlier (optional filter).
    case duplicateInput = "duplicate_input"
    /// The teacher's label differs from the gold label (optional filter).
    case teacherDisagreesWithGold = "teacher_disagrees_with_gold"
    /// With several samples: fewer of them carry the voted label than
    /// `teacher.min_agreement` asks (or none parsed).
    case lowAgreement = "low_agreement"
    /// With several samples: this sample's label is not the voted one (`keep: agreeing | one`).
    case voteDisagrees = "vote_disagrees"
    /// With `keep: one`: another sample with the voted label was kept.
    case voteNotKept = "vote_not_kept"
}
