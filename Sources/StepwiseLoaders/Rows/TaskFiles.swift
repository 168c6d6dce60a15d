import Foundation

/// The files one split of a task is read from, in order, and the rows they hold.
///
/// With `dataset.files` for the split, its names and globs (relative to the source),
/// in the order given, each glob's matches sorted. Without, the file named after the
/// split in the format's extension — `train.jsonl` (or `.ndjson`), `test.csv` — possibly
/// compressed (`.gz`, `.zst`, `.xz`, `.bz2`), anywhere below the source directory or
/// archive; a source that is one file is that file. A name that matches no file, or a plain
/// name that matches two, is an error saying what was looked for.
package final class TaskRowSource {
    private let location: DataLocation
    private let format: RowFormat
    /// The files, as ``DataLocation/files(matching:)`` lists them.
    package let files: [String]
    private var current = 0
    private var reader: (any RowReader)?
    private lazy var expected: Int? = location.expectedBytes(files)

    package init(source: URL, split: String, patterns: [String]?, format: RowFormat) throws {
        location = try DataLocation(url: source)
        self.format = format
        files = try Self.resolve(location, split: split, patterns: patterns, format: format)
    }

    package var progress: ReadProgress? { location.progress(total: expected) }

    /// The next row of the split, crossing to the next file at the end of one.
    package func next() throws -> Row? {
        while current < files.count {
            if reader == nil { reader = makeRowReader(format, stream: try location.openListed(files[current])) }
            if let row = try reader?.next() { return row }
            reader = nil
            current += 1
        }
        return nil
    }

    static func resolve(_ location: DataLocation, split: String, patterns: [String]?, format: RowFormat) throws -> [String] {
        if location.kind == .file || location.kind == .compressedFile {
            return try location.files(matching: Glob("*"))
        }
        guard let patterns else {
            for ext in format.extensions {
                for suffix in [""] + RowFormat.compressionSuffixes.map({ "." + $0 }) {
                    let name = "\(split).\(ext)\(suffix)"
                    let found = try location.files(matching: Glob(name))
                    if found.count > 1 { throw ambiguous(location, name, found) }
                    if let one = found.first { return [one] }
                }
            }
            throw LoaderError(
                .fileNotFound, file: location.path,
                message: "no file for split '\(split)': looked for \(format.extensions.map { "\(split).\($0)" }.joined(separator: ", ")) (each also compressed: .gz, .zst, .xz, .bz2); name the split's files with dataset.files")
        }
        var out: [String] = []
        for pattern in patterns {
            let glob = Glob(pattern)
            let found = try location.files(matching: glob)
            if found.isEmpty {
                throw LoaderError(
                    .fileNotFound, file: location.path,
                    message: "dataset.files for split '\(split)': \(glob.hasWildcards ? "the pattern" : "the name") '\(pattern)' matches no file")
            }
            if !glob.hasWildcards, found.count > 1 { throw ambiguous(location, pattern, found) }
            for file in found where !out.contains(file) { out.append(file) }
        }
        return out
    }

    private static func ambiguous(_ location: DataLocation, _ name: String, _ found: [String]) -> LoaderError {
        LoaderError(
            .fileNotFound, file: location.path,
            message: "'\(name)' matches \(found.count) files (\(found.prefix(4).joined(separator: ", "))\(found.count > 4 ? ", …" : "")); name the one to read in dataset.files")
    }
}
