/// `KeyValue`.
struct KeyValue: ThriftStruct {
    var key: String  // 1
    var value: String  // 2

    func writeFields(to writer: inout CompactProtocolWriter) {
        writer.field(1, string: key)
        writer.field(2, string: value)
    }
}

/// `FileMetaData`: the footer.
struct FileMetaData: ThriftStruct {
    /// Always 1: the spec asks writers to write 1 for the widest compatibility (readers
    /// take 1 and 2 alike); the logical types and statistics used here need nothing more.
    var version: Int32 = 1  // 1
    var schema: [SchemaElement]  // 2
    var numRows: Int64  // 3
    var rowGroups: [RowGroup]  // 4
    var keyValueMetadata: [KeyValue]  // 5 (omitted when empty)
    var createdBy: String  // 6
    /// One per leaf column when statistics are written (their min/max are meaningless
    /// without it), else absent.
    var columnOrders: [TypeDefinedColumnOrder]?  // 7

    func writeFields(to writer: inout CompactProtocolWriter) {
        writer.field(1, i32: version)
        writer.field(2, structs: schema)
        writer.field(3, i64: numRows)
        writer.field(4, structs: rowGroups)
        if !keyValueMetadata.isEmpty { writer.field(5, structs: keyValueMetadata) }
        writer.field(6, string: createdBy)
        if let columnOrders { writer.field(7, structs: columnOrders) }
    }
}
