/// `SchemaElement`: one node of the schema tree, which the footer lists depth first
/// (the root first, with `numChildren` set and no repetition).
struct SchemaElement: ThriftStruct {
    var type: PhysicalType? = nil  // 1 (leaves only)
    var repetition: Repetition? = nil  // 3 (all but the root)
    var name: String  // 4
    var numChildren: Int32? = nil  // 5 (groups only)
    var convertedType: ConvertedType? = nil  // 6
    var logicalType: LogicalType? = nil  // 10

    func writeFields(to writer: inout CompactProtocolWriter) {
        if let type { writer.field(1, i32: type.rawValue) }
        if let repetition { writer.field(3, i32: repetition.rawValue) }
        writer.field(4, string: name)
        if let numChildren { writer.field(5, i32: numChildren) }
        if let convertedType { writer.field(6, i32: convertedType.rawValue) }
        if let logicalType { writer.field(10, struct: logicalType) }
    }

}
