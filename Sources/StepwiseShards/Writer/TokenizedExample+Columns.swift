import StepwiseCore

extension TokenizedExample {
    /// Where a column of the Stepwise schema takes its value from in an example. A writer
    /// resolves its schema's names once, not once per sample.
    public enum Column: Sendable, Hashable {
        case id, input, label, teacherLabel, rationale, metadata
        /// Token column k of ``TokenizedExample`` (0: input_ids … 4: aux_labels).
        case tokens(Int)

        /// The column called `name`, or `nil` for a name the Stepwise schema does not define.
        public init?(name: String) {
            switch name {
            case "id": self = .id
            case "input_ids": self = .tokens(0)
            case "expl_input_ids": self = .tokens(1)
            case "labels": self = .tokens(2)
            case "teacher_labels": self = .tokens(3)
            case "aux_labels": self = .tokens(4)
            case "input": self = .input
            case "label": self = .label
            case "teacher_label": self = .teacherLabel
            case "rationale": self = .rationale
            case ShardSchema.metadataColumnName: self = .metadata
            default: return nil
            }
        }
    }

    /// The value this example stores in column `name` of the Stepwise schema, or `nil`
    /// for a column the schema does not define.
    public func columnValue(_ name: String) -> ColumnValue? {
        guard let column = Column(name: name) else { return nil }
        if case .tokens(let k) = column { return .tokens(withColumn(k) { Array($0) }) }
        return .string(text(of: column))
    }

    /// The text of a text column (empty for a token column).
    func text(of column: Column) -> String {
        switch column {
        case .id: return source.id
        case .input: return source.input
        case .label: return source.label
        case .teacherLabel: return parsed.teacherLabel
        case .rationale: return parsed.rationale
        case .metadata: return parsed.metadataJSON
        case .tokens: return ""
        }
    }
}
