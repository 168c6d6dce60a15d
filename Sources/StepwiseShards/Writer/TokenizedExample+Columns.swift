import StepwiseCore

extension TokenizedExample {
    /// The value this example stores in column `name` of the Stepwise schema, or `nil`
    /// for a column the schema does not define.
    public func columnValue(_ name: String) -> ColumnValue? {
        switch name {
        case "id": return .string(source.id)
        case "input_ids": return .tokens(inputIds)
        case "expl_input_ids": return .tokens(explInputIds)
        case "labels": return .tokens(labels)
        case "teacher_labels": return .tokens(teacherLabels)
        case "aux_labels": return .tokens(auxLabels)
        case "input": return .string(source.input)
        case "label": return .string(source.label)
        case "teacher_label": return .string(parsed.teacherLabel)
        case "rationale": return .string(parsed.rationale)
        case ShardSchema.metadataColumnName: return .string(parsed.metadataJSON)
        default: return nil
        }
    }
}
