import StepwiseCore

/// One kind of teacher behind ``TeacherStage``.
protocol TeacherBackend: Sendable {
    /// Answers a batch, dropping (through `context`) the records it cannot answer at all.
    func answer(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord]
}
