import Foundation

/// Where a dataset's files live: a directory, an archive read in place, or one plain file.
///
/// Files are found by the end of their path: `anli_v1.0/R1/dev.jsonl` matches that path
/// inside a zip, inside an unpacked `anli_v1.0/` folder (the folder's own name counts),
/// or anywhere below a folder that contains it. A folder that holds no match but holds
/// archives is searched inside those archives too. A plain file is taken as the file asked
/// for, whatever its name (e.g. `--source esnli_dev.csv --split valid`).
package struct DataLocation: Sendable {
    package enum Kind: Sendable {
        case directory, archive, file
        /// One compressed file (`train.jsonl.gz`), read decompressed.
        case compressedFile
    }

    let path: String
    package let kind: Kind
    /// What the streams it opens have read.
    let meter = ReadMeter()

    package init(url: URL) throws {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoaderError(.sourceNotFound, file: path, message: "source does not exist")
        }
        self.path = path
        if isDirectory.boolValue {
            kind = .directory
        } else if Self.isCompressedFile(path) {
            kind = .compressedFile
        } else {
            kind = Self.looksLikeArchive(path) ? .archive : .file
        }
    }

    /// Archives are recognised by their name or by their first bytes, so that a truncated
    /// archive is still reported as an archive problem rather than read as text.
    static func looksLikeArchive(_ path: String) -> Bool {
        let lower = path.lowercased()
        let suffixes = [".zip", ".tar", ".tgz", ".tar.gz", ".gz", ".zst", ".tzst", ".tar.zst", ".xz", ".txz", ".bz2", ".7z"]
        if suffixes.contains(where: { lower.hasSuffix($0) }) { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && Array(head[0..<magic.count]) == magic }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return true }  // zip
        if starts([0x1F, 0x8B]) || starts([0x28, 0xB5, 0x2F, 0xFD]) { return true }  // gzip, zstd
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) || starts([0x42, 0x5A, 0x68]) { return true }  // xz, bzip2
        if head.count >= 262, Array(head[257..<262]) == Array("ustar".utf8) { return true }  // tar
        return false
    }

    static func matches(_ candidate: String, _ wanted: String) -> Bool {
        var c = Substring(candidate)
        while c.hasPrefix("./") { c = c.dropFirst(2) }
        return c == wanted || c.hasSuffix("/" + wanted)
    }

    /// Opens the file whose path ends with `wanted`.
    func open(_ wanted: String) throws -> any ByteStream {
        switch kind {
        case .file:
            return try FileByteStream(path: path, meter: meter)
        case .compressedFile:
            return try openListed((path as NSString).lastPathComponent)
        case .archive:
            if let stream = try Self.openInArchive(path, wanted, meter: meter) { return stream }
            throw LoaderError(
                .fileNotFound, file: path, message: "the archive holds no entry whose path ends with '\(wanted)'")
        case .directory:
            if let found = findInDirectory(wanted) { return try FileByteStream(path: found, meter: meter) }
            for archive in archivesInDirectory() {
                if let stream = try Self.openInArchive(archive, wanted, meter: meter) { return stream }
            }
            throw LoaderError(
                .fileNotFound, file: path,
                message: "no file whose path ends with '\(wanted)' in this directory or archives directly in it")
        }
    }

    private static func openInArchive(_ archivePath: String, _ wanted: String, meter: ReadMeter) throws -> (any ByteStream)? {
        let archive = try ArchiveReader(path: archivePath)
        while let entry = try archive.nextEntry() {
            if matches(entry, wanted) { return ArchiveEntryStream(archive: archive, entry: entry, meter: meter) }
        }
        return nil
    }

    /// The bytes of `files` as plain files; `nil` inside archives, whose entries announce
    /// their sizes when opened.
    func expectedBytes(_ files: [String]) -> Int? {
        func size(_ path: String) -> Int? {
            (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        }
        switch kind {
        case .file: return size(path)
        case .archive, .compressedFile: return nil
        case .directory:
            var total = 0
            for file in files {
                // Decompressed bytes are counted, so a compressed file's size says nothing.
                guard let found = findInDirectory(file), !Self.isCompressedFile(found), let n = size(found) else { return nil }
                total += n
            }
            return total
        }
    }

    /// How far reading is: against `total` bytes, else against what the opened streams
    /// announced.
    func progress(total: Int?) -> ReadProgress? {
        guard let whole = total ?? (meter.announced > 0 ? meter.announced : nil) else { return nil }
        return ReadProgress(done: min(meter.bytes, whole), total: whole)
    }

    private func findInDirectory(_ wanted: String) -> String? {
        let base = (path as NSString).lastPathComponent
        let direct = (path as NSString).appendingPathComponent(wanted)
        if FileManager.default.fileExists(atPath: direct) { return direct }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return nil }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if Self.matches(base + "/" + relative, wanted) { found.append(relative) }
        }
        guard let first = found.sorted().first else { return nil }
        return (path as NSString).appendingPathComponent(first)
    }

    private func archivesInDirectory() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { (path as NSString).appendingPathComponent($0) }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
                && Self.looksLikeArchive($0)
        }
    }
}
