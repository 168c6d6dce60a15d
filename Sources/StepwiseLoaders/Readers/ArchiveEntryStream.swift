import CArchive

/// An archive (zip, tar, tar.gz, tar.zst, …) opened with libarchive and read entry by
/// entry, in place: nothing is unpacked to disk and only one block is in memory.
final class ArchiveReader {
    let path: String
    private var handle: OpaquePointer?
    /// The current entry's size in bytes, when its header gives one.
    private(set) var currentSize: Int?

    /// - Parameter raw: read a compressed single file (`train.jsonl.gz`) as one entry
    ///   named `data`, instead of an archive of entries.
    init(path: String, raw: Bool = false) throws {
        self.path = path
        guard let a = archive_read_new() else {
            throw LoaderError(.archive, file: path, message: "libarchive could not allocate a reader")
        }
        archive_read_support_filter_all(a)
        if raw {
            archive_read_support_format_raw(a)
            archive_read_support_format_empty(a)
        } else {
            archive_read_support_format_all(a)
        }
        handle = a
        if archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK {
            let message = Self.errorString(a)
            archive_read_free(a)
            handle = nil
            throw LoaderError(.archive, file: path, message: "cannot open the archive (corrupt, truncated or not a supported archive): \(message)")
        }
    }

    deinit {
        if let handle { archive_read_free(handle) }
    }

    static func errorString(_ a: OpaquePointer?) -> String {
        guard let a, let c = archive_error_string(a) else { return "unknown libarchive error" }
        return String(cString: c)
    }

    /// Advances to the next regular-file entry and returns its path, or nil at the end.
    /// A corrupt or truncated archive throws, naming the archive.
    func nextEntry() throws -> String? {
        guard let a = handle else { return nil }
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(a, &entry)
            if status == ARCHIVE_EOF { return nil }
            if status != ARCHIVE_OK && status != ARCHIVE_WARN {
                throw LoaderError(
                    .archive, file: path,
                    message: "corrupt or truncated archive while reading the next entry: \(Self.errorString(a))")
            }
            guard let entry else { continue }
            // Directories, links and other non-regular entries carry no data to read.
            if archive_entry_filetype(entry) != 0o100000 { continue }
            guard let cPath = archive_entry_pathname(entry) else { continue }
            currentSize = archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : nil
            return String(cString: cPath)
        }
    }

    /// Reads data of the current entry; 0 at the entry's end.
    func readData(into buffer: UnsafeMutableRawBufferPointer, entry: String) throws -> Int {
        guard let a = handle, let base = buffer.baseAddress else { return 0 }
        let n = archive_read_data(a, base, buffer.count)
        if n < 0 {
            throw LoaderError(
                .archive, file: path, entry: entry,
                message: "corrupt or truncated archive entry: \(Self.errorString(a))")
        }
        return n
    }
}

/// The data of one archive entry as a ``ByteStream``. Keeps its ``ArchiveReader`` alive.
final class ArchiveEntryStream: ByteStream {
    let name: SourceName
    private let archive: ArchiveReader
    private let meter: ReadMeter?

    /// - Parameter name: how messages name the data (default: the archive and the entry).
    init(archive: ArchiveReader, entry: String, meter: ReadMeter? = nil, name: SourceName? = nil) {
        self.archive = archive
        self.name = name ?? SourceName(file: archive.path, entry: entry)
        self.meter = meter
        if let size = archive.currentSize { meter?.announce(size) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try archive.readData(into: buffer, entry: name.entry ?? "")
        meter?.add(n)
        return n
    }
}
