/// A cell given by reference, for rows whose text and lists are already in memory as
/// bytes (``ParquetFileWriter/append(cells:)``): no `String` or `Array` is made per cell.
/// The buffers need to stay valid only during the call that takes them.
public enum ParquetCell {
    case null
    /// Text as UTF-8 bytes; they must be valid UTF-8 (they are not checked).
    case utf8(UnsafeBufferPointer<UInt8>)
    case int32List(UnsafeBufferPointer<Int32>)

    /// The column kind this cell belongs to (nil for `.null`, which fits any nullable one).
    public var kind: ParquetColumn.Kind? {
        switch self {
        case .null: return nil
        case .utf8: return .string
        case .int32List: return .int32List
        }
    }
}
