/// `Statistics` of a column chunk. Only the fields with a well-defined meaning are
/// written: `null_count`, `min_value`/`max_value` (PLAIN-encoded, strings without their
/// length prefix; their order is the file's `column_orders`) and `nan_count` for doubles.
/// The deprecated signed `min`/`max` (fields 1, 2) are not.
struct Statistics: ThriftStruct {
    var nullCount: Int64? = nil  // 3
    var maxValue: [UInt8]? = nil  // 5
    var minValue: [UInt8]? = nil  // 6
    var nanCount: Int64? = nil  // 9

    func writeFields(to writer: inout CompactProtocolWriter) {
        if let nullCount { writer.field(3, i64: nullCount) }
        if let maxValue { writer.field(5, binary: maxValue) }
        if let minValue { writer.field(6, binary: minValue) }
        if let nanCount { writer.field(9, i64: nanCount) }
    }
}
