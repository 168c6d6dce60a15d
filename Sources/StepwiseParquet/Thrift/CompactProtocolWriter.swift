/// A value the Thrift compact protocol can write as a struct: its fields in ascending id
/// order, without the closing stop byte (``CompactProtocolWriter/writeStruct(_:)`` adds it).
protocol ThriftStruct {
    func writeFields(to writer: inout CompactProtocolWriter)
}

/// A struct with no fields: the members of Parquet's marker unions (`StringType`,
/// `ListType`, `TypeDefinedOrder`) are all empty.
struct ThriftEmptyStruct: ThriftStruct {
    func writeFields(to writer: inout CompactProtocolWriter) {}
}

/// The Thrift compact protocol encoder, limited to what Parquet's footer and page headers
/// use: i16, i32, i64, bool, binary/string, nested structs and lists (no maps, sets, doubles).
///
/// Output depends only on the calls made, so equal metadata gives equal bytes. Fields must
/// be written in the order the caller wants them on disk; Parquet writers write them in
/// ascending id order, and so do the metadata types here.
struct CompactProtocolWriter {
    /// Compact protocol type ids (the low nibble of a field header, and of a list header).
    enum WireType: UInt8 {
        case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    private(set) var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0
    private var enclosingFieldIDs: [Int16] = []

    init() {}

    /// The bytes of one top-level struct.
    static func encode(_ value: some ThriftStruct) -> [UInt8] {
        var writer = CompactProtocolWriter()
        writer.writeStruct(value)
        return writer.bytes
    }

    // MARK: Fields

    mutating func field(_ id: Int16, i16 value: Int16) {
        writeFieldHeader(id, .i16)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i32 value: Int32) {
        writeFieldHeader(id, .i32)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i64 value: Int64) {
        writeFieldHeader(id, .i64)
        writeVarint(zigzag(value))
    }

    /// Booleans live in the field header's type nibble: no value byte follows.
    mutating func field(_ id: Int16, bool value: Bool) {
        writeFieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func field(_ id: Int16, binary value: [UInt8]) {
        writeFieldHeader(id, .binary)
        writeBinary(value)
    }

    mutating func field(_ id: Int16, string value: String) {
        field(id, binary: Array(value.utf8))
    }

    mutating func field(_ id: Int16, struct value: some ThriftStruct) {
        writeFieldHeader(id, .structure)
        writeStruct(value)
    }

    mutating func field(_ id: Int16, structs values: [some ThriftStruct]) {
        writeFieldHeader(id, .list)
        writeListHeader(count: values.count, elementType: .structure)
        for v in values { writeStruct(v) }
    }

    /// A `list<i32>` (Parquet's lists of enums, such as `ColumnMetaData.encodings`).
    mutating func field(_ id: Int16, i32s values: [Int32]) {
        writeFieldHeader(id, .list)
        writeListHeader(count: values.count, elementType: .i32)
        for v in values { writeVarint(zigzag(Int64(v))) }
    }

    mutating func field(_ id: Int16, strings values: [String]) {
        writeFieldHeader(id, .list)
        writeListHeader(count: values.count, elementType: .binary)
        for v in values { writeBinary(Array(v.utf8)) }
    }

    // MARK: Structure

    /// Writes `value`'s fields and the stop byte; field ids restart at 0 inside it.
    mutating func writeStruct(_ value: some ThriftStruct) {
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
        value.writeFields(to: &self)
        bytes.append(0)  // stop
        lastFieldID = enclosingFieldIDs.removeLast()
    }

    /// Short form (id delta 1...15 in the high nibble) when it applies, else the type byte
    /// followed by the id as a zigzag varint.
    private mutating func writeFieldHeader(_ id: Int16, _ type: WireType) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    private mutating func writeListHeader(count: Int, elementType: WireType) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    private mutating func writeBinary(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Unsigned LEB128.
    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private func zigzag(_ v: Int64) -> UInt64 {
        UInt64(bitPattern: (v << 1) ^ (v >> 63))
    }
}
