// The enums of `parquet.thrift` this writer uses, with their on-disk values.

/// `Type`: the physical type of a leaf column.
enum PhysicalType: Int32 {
    case boolean = 0, int32 = 1, int64 = 2, double = 5, byteArray = 6
}

/// `ConvertedType`: the legacy annotation readers of format v1 look at; written beside
/// the logical type as the spec asks.
enum ConvertedType: Int32 {
    case utf8 = 0, list = 3
}

/// `FieldRepetitionType`.
enum Repetition: Int32 {
    case required = 0, optional = 1, repeated = 2
}

/// `Encoding`.
enum Encoding: Int32 {
    case plain = 0, rle = 3
}

/// `CompressionCodec`.
enum CompressionCodec: Int32 {
    case uncompressed = 0, zstd = 6
}

/// `PageType`.
enum PageType: Int32 {
    case dataPage = 0
}

/// `LogicalType`, a union of empty marker structs for the two annotations used here.
enum LogicalType: ThriftStruct {
    case string  // field 1: StringType
    case list  // field 3: ListType

    func writeFields(to writer: inout CompactProtocolWriter) {
        switch self {
        case .string: writer.field(1, struct: ThriftEmptyStruct())
        case .list: writer.field(3, struct: ThriftEmptyStruct())
        }
    }
}

/// `ColumnOrder`, a union; only `TYPE_ORDER` (field 1) is written: the order of the
/// column's logical or physical type, which is what the statistics' min/max follow.
struct TypeDefinedColumnOrder: ThriftStruct {
    func writeFields(to writer: inout CompactProtocolWriter) {
        writer.field(1, struct: ThriftEmptyStruct())
    }
}
