import StepwiseConfig
import StepwiseCore

/// `teacher.kind: human`: the dataset's own explanation as the rationale and its gold label
/// as the label. Needs no prompt and no exemplars.
public struct HumanTeacherOptions: TeacherBackendOptions, Hashable {
    public init() {}

    public static let kind = "human"
    public static let keys: [String] = []
    public static func decode(_ s: ConfigSection) -> HumanTeacherOptions? { HumanTeacherOptions() }

    public var canonicalFields: [(String, JSONValue)] { [] }
    public static var needsExemplars: Bool { false }
    public var rationaleSource: RationaleSource { .explanation }
    /// CPU-bound like the other stages.
    public func workers(parallelism: Int, recordsPerBatch: Int) -> Int { parallelism }

    public func makeBackend(_ context: TeacherContext) throws -> any TeacherBackend {
        HumanTeacher(answer: context.humanAnswer)
    }
}

/// The `human` teacher: writes each record's explanation and gold label as a completion in
/// the dataset's answer format (`answer`), so `--until teacher` shows what a teacher's
/// answer would look like; the parse stage takes the explanation and label as they are.
/// Records without an explanation (SVAMP, ASDiv) are dropped as `no_explanation`.
final class HumanTeacher: TeacherBackend {
    let answer: @Sendable (SourceRecord) -> String

    init(answer: @escaping @Sendable (SourceRecord) -> String) { self.answer = answer }

    var settings: JSONValue { [:] }

    func answer(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        var out: [TeacherRecord] = []
        out.reserveCapacity(batch.count)
        for record in batch {
            guard let explanation = record.source.explanation, !explanation.isEmpty else {
                context.drop(record, reason: "no_explanation")
                continue
            }
            out.append(TeacherRecord(prompted: record, completion: answer(record.source), cached: true, attempts: 0))
        }
        return out
    }
}
