/// How column chunk pages are compressed.
public enum ParquetCompression: Sendable, Hashable, CustomStringConvertible {
    case none
    /// One zstd frame per page (`ZSTD_compressCCtx`, single-threaded, content size in the
    /// frame header), so equal pages, levels and libzstd versions give equal bytes.
    case zstd(level: Int32)

    public var description: String {
        switch self {
        case .none: return "none"
        case .zstd(let level): return "zstd:\(level)"
        }
    }
}

/// Settings of a ``ParquetFileWriter``. Two writers with equal options, columns, metadata
/// and rows write identical bytes.
public struct ParquetWriterOptions: Sendable, Hashable {
    public var compression: ParquetCompression
    /// A data page is closed at the first row boundary at or past this many encoded bytes
    /// (levels + values, before compression); at most 1 GiB. Pages always hold whole rows,
    /// so one row larger than this makes one larger page (a page is at most 2 GiB).
    public var dataPageSize: Int
    /// Rows per row group; nil: one row group per file.
    public var rowGroupRows: Int?
    /// Column chunk statistics: null count, min/max (and NaN count for doubles).
    public var statistics: Bool
    /// `FileMetaData.created_by`. A fixed string: no version, date or host goes in, so the
    /// bytes do not change between otherwise equal runs. Readers apply workarounds for
    /// known buggy writers by this name (`parquet-mr`, `parquet-cpp`): do not claim one.
    public var createdBy: String
    /// Strings longer than this are left out of min/max statistics (Arrow's default
    /// `max_statistics_size`), so long text columns do not bloat the footer.
    public var maxStatisticsValueSize: Int

    public init(
        compression: ParquetCompression = .zstd(level: 3), dataPageSize: Int = 1 << 20, rowGroupRows: Int? = nil,
        statistics: Bool = true, createdBy: String = "stepwise", maxStatisticsValueSize: Int = 4096
    ) {
        self.compression = compression
        self.dataPageSize = dataPageSize
        self.rowGroupRows = rowGroupRows
        self.statistics = statistics
        self.createdBy = createdBy
        self.maxStatisticsValueSize = maxStatisticsValueSize
    }

    func validate() throws(ParquetError) {
        if dataPageSize < 1 || dataPageSize > 1 << 30 {
            throw .configuration("data page size must be in 1 byte...1 GiB, not \(dataPageSize)")
        }
        if let rows = rowGroupRows, rows < 1 {
            throw .configuration("row group size must be at least 1 row, not \(rows)")
        }
        if case .zstd(let level) = compression, !(1...22).contains(level) {
            throw .configuration("zstd level must be in 1...22, not \(level)")
        }
        if maxStatisticsValueSize < 0 {
            throw .configuration("maximum statistics value size must not be negative")
        }
    }
}
