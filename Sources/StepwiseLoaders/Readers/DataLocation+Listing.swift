import Foundation

extension DataLocation {
    /// The files of this location a glob matches (see ``Glob``), sorted by path: paths
    /// below a directory (relative to it), entry names of an archive, or this file's name
    /// for a plain file.
    package func files(matching glob: Glob) throws -> [String] {
        switch kind {
        case .file, .compressedFile:
            let name = (path as NSString).lastPathComponent
            return glob.matches(name) ? [name] : []
        case .archive:
            let archive = try ArchiveReader(path: path)
            var out: [String] = []
            while let entry = try archive.nextEntry() {
                if glob.matches(entry) { out.append(entry) }
            }
            return out.sorted()
        case .directory:
            guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
            var out: [String] = []
            while let relative = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let full = (path as NSString).appendingPathComponent(relative)
                guard glob.matches(relative), FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else { continue }
                out.append(relative)
            }
            return out.sorted()
        }
    }

    /// Opens a file ``files(matching:)`` listed, by its exact path. A compressed file
    /// (`.gz`, `.zst`, `.xz`, `.bz2`, not a tar) is read decompressed.
    func openListed(_ listed: String) throws -> any ByteStream {
        switch kind {
        case .file:
            return try FileByteStream(path: path, meter: meter)
        case .compressedFile:
            return try Self.openCompressed(path, meter: meter)
        case .archive:
            let archive = try ArchiveReader(path: path)
            while let entry = try archive.nextEntry() {
                if entry == listed { return ArchiveEntryStream(archive: archive, entry: entry, meter: meter) }
            }
            throw LoaderError(.fileNotFound, file: path, message: "the archive holds no entry '\(listed)'")
        case .directory:
            let full = (path as NSString).appendingPathComponent(listed)
            if Self.isCompressedFile(full) { return try Self.openCompressed(full, meter: meter) }
            return try FileByteStream(path: full, meter: meter)
        }
    }

    /// A single compressed file, as opposed to a compressed tar.
    static func isCompressedFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        let compressed = [".gz", ".zst", ".xz", ".bz2"].contains { lower.hasSuffix($0) }
        return compressed && !lower.hasSuffix(".tar.gz") && !lower.hasSuffix(".tar.zst") && !lower.hasSuffix(".tar.xz")
            && !lower.hasSuffix(".tar.bz2")
    }

    private static func openCompressed(_ path: String, meter: ReadMeter) throws -> any ByteStream {
        let archive = try ArchiveReader(path: path, raw: true)
        guard let entry = try archive.nextEntry() else {
            return try FileByteStream(path: "/dev/null", meter: nil)
        }
        return ArchiveEntryStream(archive: archive, entry: entry, meter: meter, name: SourceName(file: path))
    }
}
