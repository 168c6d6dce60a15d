/// How the files of a task described in a pipeline file hold its records
/// (`dataset.format`): every format yields one JSON object per record, whose keys the
/// pipeline's `dataset.fields` name.
public enum RowFormat: String, Sendable, Hashable, CaseIterable {
    /// One JSON object per line (blank lines skipped).
    case jsonl
    /// One JSON array of objects, read element by element.
    case json
    /// RFC 4180 CSV with a header row; every value is a string.
    case csv
    /// Tab-separated values with a header row, without quoting (a field holds no tab or
    /// line break); every value is a string.
    case tsv

    /// The file extensions of the format, the usual one first.
    public var extensions: [String] {
        switch self {
        case .jsonl: return ["jsonl", "ndjson"]
        case .json: return ["json"]
        case .csv: return ["csv"]
        case .tsv: return ["tsv"]
        }
    }

    /// Compression suffixes a file of any format may carry (read as a stream).
    public static let compressionSuffixes = ["gz", "zst", "xz", "bz2"]

    /// The format a file name implies (`train.jsonl.gz` → jsonl), if any.
    public static func inferred(fromName name: String) -> RowFormat? {
        var parts = name.lowercased().split(separator: "/").last.map { $0.split(separator: ".").map(String.init) } ?? []
        guard parts.count >= 2 else { return nil }
        if compressionSuffixes.contains(parts.last ?? ""), parts.count >= 3 { parts.removeLast() }
        let ext = parts.last ?? ""
        return allCases.first { $0.extensions.contains(ext) }
    }
}
