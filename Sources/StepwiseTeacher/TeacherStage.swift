import StepwiseCore

/// The teacher stage: answers each ``PromptedRecord`` with a ``TeacherRecord`` through a
/// ``TeacherBackend`` (see ``TeacherKinds`` for the kinds a pipeline can name).
///
/// A record whose request failed after its retries comes out with `completion == nil`
/// and a `failure` (the parse stage filters it as `teacher_failed`; the next run asks
/// again). Records that cannot be answered at all (no recording, no explanation) are
/// dropped with a reason.
public struct TeacherStage: Stage {
    public typealias Input = PromptedRecord
    public typealias Output = TeacherRecord

    public let name = "teacher"
    public let backend: any TeacherBackend

    public init(backend: any TeacherBackend) { self.backend = backend }

    /// The stage of a teacher kind, built for a run.
    public init(options: any TeacherBackendOptions, context: TeacherContext) throws {
        self.backend = try options.makeBackend(context)
    }

    public func process(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        try await backend.answer(batch, context: &context)
    }
}
