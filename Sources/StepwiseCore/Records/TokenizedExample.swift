/// A multi-task training example: every column a shard holds for one record.
///
/// Token columns end with EOS and are truncated to the pipeline's limits (EOS kept last).
public struct TokenizedExample: Sendable, Hashable {
    public var parsed: ParsedRecord
    /// `predict: ` + input.
    public var inputIds: [Int32]
    /// `explain: ` + input.
    public var explInputIds: [Int32]
    /// The gold label.
    public var labels: [Int32]
    /// The teacher's label (the gold label with the `human` teacher).
    public var teacherLabels: [Int32]
    /// The rationale.
    public var auxLabels: [Int32]
    /// Names of the token columns that were cut at their limit.
    public var truncated: [String]

    public init(
        parsed: ParsedRecord, inputIds: [Int32], explInputIds: [Int32], labels: [Int32],
        teacherLabels: [Int32], auxLabels: [Int32], truncated: [String] = []
    ) {
        self.parsed = parsed
        self.inputIds = inputIds
        self.explInputIds = explInputIds
        self.labels = labels
        self.teacherLabels = teacherLabels
        self.auxLabels = auxLabels
        self.truncated = truncated
    }

    public var source: SourceRecord { parsed.source }
}

extension TokenizedExample: JSONRecord {
    public var sourceIndex: Int? { source.position }
    public var recordID: String { source.id }
    public func jsonFields() -> [(String, JSONValue)] {
        func ids(_ a: [Int32]) -> JSONValue { .array(a.map { .int(Int($0)) }) }
        return parsed.jsonFields() + [
            ("input_ids", ids(inputIds)),
            ("expl_input_ids", ids(explInputIds)),
            ("labels", ids(labels)),
            ("teacher_labels", ids(teacherLabels)),
            ("aux_labels", ids(auxLabels)),
            ("truncated", .array(truncated.map(JSONValue.string))),
        ]
    }
}
