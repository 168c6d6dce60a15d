/// Everything that can go wrong writing a Parquet file; each message names what it is
/// about (`row 17, column 'labels': expected list<int32>, got string`).
public enum ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The columns or options are unusable (no columns, duplicate names, a bad page size).
    case configuration(String)
    /// A row does not fit the columns; `row` counts from 0 within the file. The row (and
    /// the rest of its batch) was not appended.
    case badValue(row: Int, column: String, problem: String)
    /// A page or file would pass a limit of the format (pages are at most 2 GiB).
    case tooLarge(String)
    /// zstd failed (out of memory).
    case compression(String)
    /// The writer was used after ``ParquetFileWriter/finish()``.
    case finished

    public var description: String {
        switch self {
        case .configuration(let message): return "parquet: \(message)"
        case .badValue(let row, let column, let problem): return "parquet: row \(row), column '\(column)': \(problem)"
        case .tooLarge(let message): return "parquet: \(message)"
        case .compression(let message): return "parquet: zstd: \(message)"
        case .finished: return "parquet: the file is already finished"
        }
    }
}
