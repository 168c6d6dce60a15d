/// How one ``ParquetColumn`` maps onto the Parquet schema: its schema elements, its single
/// leaf (path, physical type) and the leaf's maximum levels.
struct ColumnLayout: Sendable {
    let column: ParquetColumn
    let physicalType: PhysicalType
    /// `path_in_schema`: `[name]`, or `[name, "list", "element"]` for a list.
    let path: [String]
    /// 1 for each optional or repeated field on the path.
    let maxDefinitionLevel: Int
    /// 1 for each repeated field on the path.
    let maxRepetitionLevel: Int

    init(_ column: ParquetColumn) {
        self.column = column
        switch column.kind {
        case .string: physicalType = .byteArray
        case .int32, .int32List: physicalType = .int32
        case .int64: physicalType = .int64
        case .double: physicalType = .double
        case .bool: physicalType = .boolean
        }
        let optional = column.nullable ? 1 : 0
        if column.kind == .int32List {
            path = [column.name, "list", "element"]
            maxDefinitionLevel = optional + 1
            maxRepetitionLevel = 1
        } else {
            path = [column.name]
            maxDefinitionLevel = optional
            maxRepetitionLevel = 0
        }
    }

    /// The column's nodes in depth-first order, as `FileMetaData.schema` lists them.
    var schemaElements: [SchemaElement] {
        let repetition: Repetition = column.nullable ? .optional : .required
        switch column.kind {
        case .int32List:
            // The three-level LIST layout (LogicalTypes.md, "Lists"), named as Arrow names it.
            return [
                SchemaElement(
                    repetition: repetition, name: column.name, numChildren: 1, convertedType: .list,
                    logicalType: .list),
                SchemaElement(repetition: .repeated, name: "list", numChildren: 1),
                SchemaElement(type: .int32, repetition: .required, name: "element"),
            ]
        case .string:
            return [
                SchemaElement(
                    type: .byteArray, repetition: repetition, name: column.name, convertedType: .utf8,
                    logicalType: .string)
            ]
        case .int32, .int64, .double, .bool:
            return [SchemaElement(type: physicalType, repetition: repetition, name: column.name)]
        }
    }

    /// Levels are written (RLE) only where their maximum is above 0.
    var encodings: [Encoding] {
        maxDefinitionLevel > 0 || maxRepetitionLevel > 0 ? [.plain, .rle] : [.plain]
    }
}
