/// Writes one Parquet file, row by row, in memory; ``finish()`` returns its bytes.
///
/// Contract:
/// - **Readers.** The file is Parquet format 1 with format-v1 data pages, PLAIN values,
///   RLE/bit-packed levels, no dictionary, and each page compressed on its own
///   (``ParquetCompression``); `pyarrow.parquet` and HF `datasets` read it as
///   ``ParquetColumn`` documents. Lists use the three-level LIST layout Arrow writes.
/// - **Deterministic.** The bytes depend only on the columns, options, key-value metadata
///   and rows (and, with zstd, the libzstd version): no clock, host, or hash order. Equal
///   inputs give byte-identical files, which is what exact resume needs.
/// - **Memory.** About the file's stored size plus one open page per column: pages are
///   compressed as they fill (at the first row boundary past
///   ``ParquetWriterOptions/dataPageSize``), row groups are appended to the file image as
///   they close.
/// - **Rows.** A row is one value per column, in column order. ``append(_:)`` and
///   ``append(rows:)`` check every value of the call before writing any, so a refused call
///   changes nothing. Zero rows is a valid file (schema, no row groups).
/// - **Errors.** A ``ParquetError/tooLarge(_:)`` or ``ParquetError/compression(_:)`` from
///   a page flush leaves the writer unusable; every later call throws it again.
///
/// A value type: copies are independent writers (they share only a locked zstd context),
/// so a writer can be handed to another task to finish.
public struct ParquetFileWriter: Sendable {
    public let columns: [ParquetColumn]
    public let options: ParquetWriterOptions
    /// Written into the footer by ``finish()``, in this order; may be changed until then.
    public var keyValueMetadata: [ParquetKeyValue]
    /// Rows appended so far.
    public private(set) var rowCount = 0

    private var writers: [ColumnChunkWriter]
    private let compressor: ZstdPageCompressor?
    private var scratch = PageScratch()
    /// "PAR1" and the closed row groups' column chunks.
    private var file: [UInt8] = Array("PAR1".utf8)
    private var rowGroups: [RowGroup] = []
    private var rowsInRowGroup = 0
    private var state: State = .open

    private enum State: Sendable {
        case open
        case finished
        case failed(ParquetError)
    }

    private static let maxRowGroups = Int(Int16.max)

    /// Refuses an empty column list, empty or repeated names, and unusable options.
    public init(
        columns: [ParquetColumn], options: ParquetWriterOptions = ParquetWriterOptions(),
        keyValueMetadata: [ParquetKeyValue] = []
    ) throws(ParquetError) {
        try options.validate()
        if columns.isEmpty { throw .configuration("a Parquet file needs at least one column") }
        var seen: Set<String> = []
        for column in columns {
            if column.name.isEmpty { throw .configuration("column names must not be empty") }
            if !seen.insert(column.name).inserted { throw .configuration("column '\(column.name)' appears twice") }
        }
        self.columns = columns
        self.options = options
        self.keyValueMetadata = keyValueMetadata
        self.writers = columns.map {
            ColumnChunkWriter(
                layout: ColumnLayout($0), statistics: options.statistics,
                maxStatisticsValueSize: options.maxStatisticsValueSize, pageSize: options.dataPageSize)
        }
        if case .zstd(let level) = options.compression {
            compressor = ZstdPageCompressor(level: level)
        } else {
            compressor = nil
        }
    }

    /// Appends one row: one value per column, in column order.
    public mutating func append(_ row: [ParquetValue]) throws(ParquetError) {
        try checkOpen()
        try check(row, index: rowCount)
        try write(row)
    }

    /// Appends one row of cells, one per column, in column order: text and lists by
    /// reference, for a caller that has them as bytes (text must be valid UTF-8).
    public mutating func append(cells row: [ParquetCell]) throws(ParquetError) {
        try checkOpen()
        try check(count: row.count, index: rowCount) { row[$0].kind }
        for k in writers.indices { writers[k].append(row[k]) }
        try endRow()
    }

    /// Appends rows in order; nothing is appended if any of them is refused.
    public mutating func append(rows: [[ParquetValue]]) throws(ParquetError) {
        try checkOpen()
        for (k, row) in rows.enumerated() { try check(row, index: rowCount + k) }
        for row in rows { try write(row) }
    }

    /// What the file would take if finished now, give or take the footer and the open
    /// pages' compression: closed row groups, finished pages, open pages uncompressed.
    public var estimatedByteCount: Int {
        file.count + writers.reduce(0) { $0 + $1.bufferedByteCount } + 8
    }

    /// Closes the last row group, writes the footer and returns the whole file. The writer
    /// is spent afterwards (later calls throw ``ParquetError/finished``).
    public mutating func finish() throws(ParquetError) -> [UInt8] {
        try checkOpen()
        do {
            if rowsInRowGroup > 0 { try closeRowGroup() }
            let footer = CompactProtocolWriter.encode(
                FileMetaData(
                    schema: schemaElements, numRows: Int64(rowCount), rowGroups: rowGroups,
                    keyValueMetadata: keyValueMetadata.map { KeyValue(key: $0.key, value: $0.value) },
                    createdBy: options.createdBy,
                    columnOrders: options.statistics
                        ? Array(repeating: TypeDefinedColumnOrder(), count: columns.count) : nil))
            var out = file
            file = []
            out.append(contentsOf: footer)
            out.appendLittleEndian(UInt32(footer.count))
            out.append(contentsOf: Array("PAR1".utf8))
            state = .finished
            return out
        } catch {
            state = .failed(error)
            throw error
        }
    }

    // MARK: Internals

    /// The root ("schema", as Arrow names it) and every column's nodes.
    private var schemaElements: [SchemaElement] {
        [SchemaElement(name: "schema", numChildren: Int32(columns.count))]
            + writers.flatMap { $0.layout.schemaElements }
    }

    private func checkOpen() throws(ParquetError) {
        switch state {
        case .open: return
        case .finished: throw .finished
        case .failed(let error): throw error
        }
    }

    private func check(_ row: [ParquetValue], index: Int) throws(ParquetError) {
        try check(count: row.count, index: index) { row[$0].kind }
    }

    /// Checks a row of `count` cells by each cell's kind (nil: null).
    private func check(count: Int, index: Int, kind kindOf: (Int) -> ParquetColumn.Kind?) throws(ParquetError) {
        guard count == columns.count else {
            throw .badValue(
                row: index, column: count < columns.count ? columns[count].name : columns[columns.count - 1].name,
                problem: "the row has \(count) values for \(columns.count) columns")
        }
        for (k, column) in columns.enumerated() {
            guard let kind = kindOf(k) else {
                if !column.nullable { throw .badValue(row: index, column: column.name, problem: "null in a non-nullable column") }
                continue
            }
            if kind != column.kind {
                throw .badValue(row: index, column: column.name, problem: "expected \(column.kind.rawValue), got \(kind.rawValue)")
            }
        }
    }

    private mutating func write(_ row: [ParquetValue]) throws(ParquetError) {
        for k in writers.indices { writers[k].append(row[k]) }
        try endRow()
    }

    /// After a row's values: full pages are flushed (pages end at row boundaries), the row
    /// is counted, and a full row group is closed. A failure here leaves the writer unusable.
    private mutating func endRow() throws(ParquetError) {
        do {
            for k in writers.indices where writers[k].pageByteCount >= options.dataPageSize {
                try writers[k].flushPage(compressor: compressor, scratch: &scratch)
            }
            rowCount += 1
            rowsInRowGroup += 1
            if let limit = options.rowGroupRows, rowsInRowGroup >= limit { try closeRowGroup() }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func closeRowGroup() throws(ParquetError) {
        guard rowGroups.count < Self.maxRowGroups else {
            throw .tooLarge("a file holds at most \(Self.maxRowGroups) row groups; raise the row group size")
        }
        let start = Int64(file.count)
        var chunks: [ColumnChunk] = []
        var uncompressed: Int64 = 0
        for k in writers.indices {
            try writers[k].flushPage(compressor: compressor, scratch: &scratch)
            let (bytes, chunk) = writers[k].takeChunk(at: Int64(file.count), codec: compressor == nil ? .uncompressed : .zstd)
            file.append(contentsOf: bytes)
            uncompressed += chunk.metaData.totalUncompressedSize
            chunks.append(chunk)
        }
        rowGroups.append(
            RowGroup(
                columns: chunks, totalByteSize: uncompressed, numRows: Int64(rowsInRowGroup), fileOffset: start,
                totalCompressedSize: Int64(file.count) - start, ordinal: Int16(rowGroups.count)))
        rowsInRowGroup = 0
    }
}
