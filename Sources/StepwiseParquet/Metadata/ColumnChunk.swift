/// `ColumnMetaData`: where a column chunk's pages are and how they are stored.
struct ColumnMetaData: ThriftStruct {
    var type: PhysicalType  // 1
    var encodings: [Encoding]  // 2
    var pathInSchema: [String]  // 3
    var codec: CompressionCodec  // 4
    var numValues: Int64  // 5: level entries, as the pages' num_values add up
    var totalUncompressedSize: Int64  // 6: pages with their headers, before compression
    var totalCompressedSize: Int64  // 7: pages with their headers, as stored
    var dataPageOffset: Int64  // 9: the first page header's offset in the file
    var statistics: Statistics?  // 12

    func writeFields(to writer: inout CompactProtocolWriter) {
        writer.field(1, i32: type.rawValue)
        writer.field(2, i32s: encodings.map(\.rawValue))
        writer.field(3, strings: pathInSchema)
        writer.field(4, i32: codec.rawValue)
        writer.field(5, i64: numValues)
        writer.field(6, i64: totalUncompressedSize)
        writer.field(7, i64: totalCompressedSize)
        writer.field(9, i64: dataPageOffset)
        if let statistics { writer.field(12, struct: statistics) }
    }
}

/// `ColumnChunk`. Its metadata lives in the footer only, so `file_offset` is 0 as the spec
/// asks of such writers, and `file_path` is absent.
struct ColumnChunk: ThriftStruct {
    var metaData: ColumnMetaData  // 3

    func writeFields(to writer: inout CompactProtocolWriter) {
        writer.field(2, i64: 0)
        writer.field(3, struct: metaData)
    }
}

/// `RowGroup`.
struct RowGroup: ThriftStruct {
    var columns: [ColumnChunk]  // 1: in schema leaf order
    var totalByteSize: Int64  // 2: the chunks' total_uncompressed_size, added up
    var numRows: Int64  // 3
    var fileOffset: Int64  // 5: the first page of the first chunk
    var totalCompressedSize: Int64  // 6
    var ordinal: Int16  // 7

    func writeFields(to writer: inout CompactProtocolWriter) {
        writer.field(1, structs: columns)
        writer.field(2, i64: totalByteSize)
        writer.field(3, i64: numRows)
        writer.field(5, i64: fileOffset)
        writer.field(6, i64: totalCompressedSize)
        writer.field(7, i16: ordinal)
    }
}

