/// Where a record's rationale and label come from: declared by the teacher backend, read
/// by the parse stage.
public enum RationaleSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// Parse the teacher's completion.
    case completion
    /// The dataset's own explanation is the rationale and the gold label is the label (the
    /// `human` teacher); the completion, if any, is ignored.
    case explanation
}
