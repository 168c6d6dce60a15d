/// One cell of a row handed to ``ParquetFileWriter``; its case must match the column's
/// kind (no conversions: an `.int32` is refused by an `int64` column), and `.null` is
/// only accepted by a nullable column.
public enum ParquetValue: Sendable, Hashable {
    case null
    case string(String)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case bool(Bool)
    case int32List([Int32])

    /// The column kind this value belongs to (nil for `.null`, which fits any nullable one).
    public var kind: ParquetColumn.Kind? {
        switch self {
        case .null: return nil
        case .string: return .string
        case .int32: return .int32
        case .int64: return .int64
        case .double: return .double
        case .bool: return .bool
        case .int32List: return .int32List
        }
    }
}
