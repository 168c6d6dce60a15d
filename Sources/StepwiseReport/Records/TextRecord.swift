import StepwiseCore

/// The text side of one record of a run: what went in, what the teacher said, and whether
/// it reached the shards (`kept`) or was filtered with a `reason`.
public struct TextRecord: Sendable, Hashable {
    public var split: String
    public var id: String
    public var input: String
    public var rationale: String
    public var teacherLabel: String
    /// The gold label.
    public var label: String
    /// Filter reason; `nil` for a record in the shards.
    public var reason: String?

    public var kept: Bool { reason == nil }

    /// One line of `stepwise export --format jsonl`.
    public var jsonValue: JSONValue {
        .object([
            ("split", .string(split)), ("id", .string(id)), ("kept", .bool(kept)), ("reason", .optional(reason)),
            ("input", .string(input)), ("rationale", .string(rationale)), ("teacher_label", .string(teacherLabel)),
            ("label", .string(label)),
        ])
    }
}
