/// `DataPageHeader` (format v1 data page): levels and values are compressed together.
struct DataPageHeader: ThriftStruct {
    var numValues: Int32  // 1: level entries in the page, nulls and empty lists included
    var encoding: Encoding  // 2
    var definitionLevelEncoding: Encoding  // 3
    var repetitionLevelEncoding: Encoding  // 4

    func writeFields(to writer: inout CompactProtocolWriter) {
        writer.field(1, i32: numValues)
        writer.field(2, i32: encoding.rawValue)
        writer.field(3, i32: definitionLevelEncoding.rawValue)
        writer.field(4, i32: repetitionLevelEncoding.rawValue)
    }
}

/// `PageHeader`, written in front of every page. No CRC (field 4).
struct PageHeader: ThriftStruct {
    var type: PageType  // 1
    var uncompressedPageSize: Int32  // 2: bytes after the header, before compression
    var compressedPageSize: Int32  // 3: bytes after the header, as stored
    var dataPageHeader: DataPageHeader  // 5

    func writeFields(to writer: inout CompactProtocolWriter) {
        writer.field(1, i32: type.rawValue)
        writer.field(2, i32: uncompressedPageSize)
        writer.field(3, i32: compressedPageSize)
        writer.field(5, struct: dataPageHeader)
    }
}
