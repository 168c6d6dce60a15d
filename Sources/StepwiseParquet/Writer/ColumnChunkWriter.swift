/// Buffers shared by every column's page flushes (one page is assembled at a time).
struct PageScratch: Sendable {
    var body: [UInt8] = []
    var compressed: [UInt8] = []
}

/// One leaf column of the row group being written: encodes values into the current data
/// page, turns full pages into (compressed) page bytes, and hands over the column chunk
/// with its metadata when the row group ends.
///
/// A page (format v1 `DATA_PAGE`) is, before compression:
/// `[u32 length][repetition levels]` when the column repeats, `[u32 length][definition
/// levels]` when it has optional or repeated fields, then the PLAIN values of the non-null
/// leaves. Levels use the RLE/bit-packed hybrid. Pages end only at row boundaries.
///
/// Values must already have been checked against the column (``ParquetFileWriter`` does).
struct ColumnChunkWriter: Sendable {
    let layout: ColumnLayout

    // The page being filled.
    private var values: [UInt8] = []
    private var booleans = BooleanPacker()
    private var repetition: RLEHybridEncoder?
    private var definition: RLEHybridEncoder?
    /// Level entries in the page (its `num_values`): one per null, per empty list, per element.
    private var pageLevels = 0

    // The column chunk being filled.
    private var chunk: [UInt8] = []
    private var chunkLevels: Int64 = 0
    private var chunkUncompressedSize: Int64 = 0
    private var statistics: StatisticsAccumulator?

    init(layout: ColumnLayout, statistics: Bool, maxStatisticsValueSize: Int, pageSize: Int) {
        self.layout = layout
        if layout.maxRepetitionLevel > 0 {
            repetition = RLEHybridEncoder(bitWidth: RLEHybridEncoder.bitWidth(forMaxLevel: layout.maxRepetitionLevel))
        }
        if layout.maxDefinitionLevel > 0 {
            definition = RLEHybridEncoder(bitWidth: RLEHybridEncoder.bitWidth(forMaxLevel: layout.maxDefinitionLevel))
        }
        if statistics {
            self.statistics = StatisticsAccumulator(kind: layout.column.kind, maxValueSize: maxStatisticsValueSize)
        }
        values.reserveCapacity(Swift.min(pageSize, 1 << 24) + 4096)
    }

    /// Appends one row's value.
    mutating func append(_ value: ParquetValue) {
        switch value {
        case .null: append(ParquetCell.null)
        case .int32List(let list): list.withUnsafeBufferPointer { append(.int32List($0)) }
        case .string(var s): s.withUTF8 { append(.utf8($0)) }
        case .int32(let v):
            values.appendLittleEndian(v)
            statistics?.addInteger(Int64(v))
            appendPresentScalarLevel()
        case .int64(let v):
            values.appendLittleEndian(v)
            statistics?.addInteger(v)
            appendPresentScalarLevel()
        case .double(let v):
            values.appendPlain(v)
            statistics?.addDouble(v)
            appendPresentScalarLevel()
        case .bool(let v):
            booleans.append(v, to: &values)
            statistics?.addInteger(v ? 1 : 0)
            appendPresentScalarLevel()
        }
    }

    /// Appends one row's cell (text and lists given by reference).
    mutating func append(_ cell: ParquetCell) {
        let maxDef = UInt8(layout.maxDefinitionLevel)
        switch cell {
        case .null:
            repetition?.append(0)
            definition?.append(0)
            pageLevels += 1
            statistics?.addNull()
        case .int32List(let list):
            repetition?.append(0)
            if list.isEmpty {
                definition?.append(maxDef - 1)
                pageLevels += 1
                statistics?.addNull()
                return
            }
            repetition?.append(1, count: list.count - 1)
            definition?.append(maxDef, count: list.count)
            pageLevels += list.count
            values.appendPlain(list)
            statistics?.addElements(list)
        case .utf8(let bytes):
            values.appendPlain(utf8: bytes)
            statistics?.addString(utf8: bytes)
            appendPresentScalarLevel()
        }
    }

    /// A present scalar: level maxDef (no repetition levels for scalars).
    private mutating func appendPresentScalarLevel() {
        definition?.append(UInt8(layout.maxDefinitionLevel))
        pageLevels += 1
    }

    /// The page's encoded size so far (levels and values, before compression).
    var pageByteCount: Int {
        values.count + booleans.pendingByteCount + (repetition.map { 4 + $0.estimatedByteCount } ?? 0)
            + (definition.map { 4 + $0.estimatedByteCount } ?? 0)
    }

    /// Bytes held: finished pages of the chunk plus the page being filled.
    var bufferedByteCount: Int { chunk.count + pageByteCount }

    /// Closes the current page (if it has any entry) and appends it to the chunk.
    mutating func flushPage(compressor: ZstdPageCompressor?, scratch: inout PageScratch) throws(ParquetError) {
        guard pageLevels > 0 else { return }
        scratch.body.removeAll(keepingCapacity: true)
        // Mutated in place through the optionals (a copy would duplicate their buffers).
        if let encoded = repetition?.finish() { Self.appendLevels(encoded, to: &scratch.body) }
        if let encoded = definition?.finish() { Self.appendLevels(encoded, to: &scratch.body) }
        booleans.flush(to: &values)
        scratch.body.append(contentsOf: values)
        let bodySize = scratch.body.count
        guard bodySize <= Int(Int32.max), pageLevels <= Int(Int32.max) else {
            throw .tooLarge(
                "a page of column '\(layout.column.name)' would hold \(bodySize) bytes and \(pageLevels) entries (at most 2 GiB and 2^31-1)")
        }
        var storedSize = bodySize
        if let compressor {
            storedSize = try compressor.compress(scratch.body, into: &scratch.compressed)
            guard storedSize <= Int(Int32.max) else {
                throw .tooLarge("a compressed page of column '\(layout.column.name)' would hold \(storedSize) bytes")
            }
        }
        let header = CompactProtocolWriter.encode(
            PageHeader(
                type: .dataPage, uncompressedPageSize: Int32(bodySize), compressedPageSize: Int32(storedSize),
                dataPageHeader: DataPageHeader(
                    numValues: Int32(pageLevels), encoding: .plain, definitionLevelEncoding: .rle,
                    repetitionLevelEncoding: .rle)))
        chunk.append(contentsOf: header)
        if compressor != nil {
            scratch.compressed.withUnsafeBufferPointer { chunk.append(contentsOf: $0[0..<storedSize]) }
        } else {
            chunk.append(contentsOf: scratch.body)
        }
        chunkUncompressedSize += Int64(header.count + bodySize)
        chunkLevels += Int64(pageLevels)
        values.removeAll(keepingCapacity: true)
        pageLevels = 0
    }

    private static func appendLevels(_ encoded: [UInt8], to body: inout [UInt8]) {
        body.appendLittleEndian(UInt32(encoded.count))
        body.append(contentsOf: encoded)
    }

    /// The finished pages of the chunk and its metadata, with the chunk placed at
    /// `offset` in the file; the writer starts a new chunk. Flush the last page first.
    mutating func takeChunk(at offset: Int64, codec: CompressionCodec) -> (bytes: [UInt8], metadata: ColumnChunk) {
        precondition(pageLevels == 0, "takeChunk with a page still open")
        let metadata = ColumnMetaData(
            type: layout.physicalType, encodings: layout.encodings, pathInSchema: layout.path, codec: codec,
            numValues: chunkLevels, totalUncompressedSize: chunkUncompressedSize,
            totalCompressedSize: Int64(chunk.count), dataPageOffset: offset, statistics: statistics?.take())
        let bytes = chunk
        chunk = []
        chunkLevels = 0
        chunkUncompressedSize = 0
        return (bytes, ColumnChunk(metaData: metadata))
    }
}
