import StepwiseCore
import Synchronization

/// The teacher stage: answers each ``PromptedRecord`` with a ``TeacherRecord`` through a
/// ``TeacherBackend`` (see ``TeacherKinds`` for the kinds a pipeline can name).
///
/// A record whose request failed after its retries comes out with `completion == nil`
/// and a `failure`. Up to `maxFailures` such records pass on (the parse stage filters them
/// as `teacher_failed`); one more stops the run with ``TeacherError/tooManyFailures``, before
/// its record is committed, so a rerun asks again. Records that cannot be answered at all
/// (no recording, no explanation) are dropped with a reason.
public struct TeacherStage: Stage {
    public typealias Input = PromptedRecord
    public typealias Output = TeacherRecord

    public let name = "teacher"
    public let backend: any TeacherBackend
    /// `teacher.max_failures`.
    public let maxFailures: Int
    private let failures = FailureTally()

    public init(backend: any TeacherBackend, maxFailures: Int = TeacherOptions.defaultMaxFailures) {
        self.backend = backend
        self.maxFailures = maxFailures
    }

    /// The stage of a teacher kind, built for a run.
    public init(options: TeacherOptions, context: TeacherContext) throws {
        self.backend = try options.backend.makeBackend(context)
        self.maxFailures = options.maxFailures
    }

    /// What the stage was built with: the backend's settings and the failure allowance.
    public var settings: JSONValue {
        .object([("backend", backend.settings), ("max_failures", .int(maxFailures))])
    }

    public func process(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        let answered = try await backend.answer(batch, context: &context)
        let failed = answered.filter { $0.completion == nil || $0.failure != nil }
        if let first = failed.first {
            let total = failures.add(failed.count)
            if total > maxFailures {
                throw TeacherError.tooManyFailures(
                    failed: total, allowed: maxFailures, recordID: first.recordID, cause: first.failure ?? "no answer")
            }
        }
        return answered
    }
}

/// Records without a completion so far in this run, across the stage's workers.
private final class FailureTally: Sendable {
    private let count = Mutex(0)

    /// Adds `n` and returns the new total.
    func add(_ n: Int) -> Int {
        count.withLock { value in
            value += n
            return value
        }
    }
}
