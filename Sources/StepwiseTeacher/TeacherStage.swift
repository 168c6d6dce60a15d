import Foundation
import StepwiseCore

/// The teacher stage: answers each ``PromptedRecord`` with a ``TeacherRecord``.
///
/// - `.openai`: a live server, through the ``CompletionCache`` (see ``OpenAITeacherOptions``
///   for what the cache key holds). Give the stage two or more workers
///   (`Flow.then(stage, workers:)`) so the next batch's requests start while the last
///   requests of a batch finish; `concurrency` still bounds the requests in flight.
/// - `.replay`: recorded completions (``RecordingStore``); `cached = true`, `attempts = 0`.
/// - `.human`: the record's explanation and gold label.
///
/// A record whose request failed after its retries comes out with `completion == nil`
/// and a `failure` (the parse stage filters it as `teacher_failed`; the next run asks
/// again). Records that cannot be answered at all (no recording, no explanation) are
/// dropped with a reason.
public final class TeacherStage: Stage {
    public typealias Input = PromptedRecord
    public typealias Output = TeacherRecord

    public let name = "teacher"
    public let kind: TeacherKind
    let backend: any TeacherBackend

    /// Makes the stage. `cache` is used by `.openai` (and may be shared by several
    /// pipelines); `environment` is where `api_key_env` is looked up.
    public init(
        kind: TeacherKind, cache: CompletionCache?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TeacherError) {
        self.kind = kind
        switch kind {
        case .openai(let options):
            backend = try OpenAITeacher(options: options, cache: cache, environment: environment)
        case .replay(let recordings):
            backend = ReplayTeacher(store: try RecordingStore(path: recordings))
        case .human:
            backend = HumanTeacher()
        }
    }

    public func process(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        try await backend.answer(batch, context: &context)
    }
}
