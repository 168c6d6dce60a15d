import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations of the commit protocol: write + fsync, rename, fsync of the directory.
///
/// A shard or index becomes visible under its final name only by `rename(2)`, after its
/// bytes are on disk, so a reader (or a resumed run) never sees a half-written file.
public enum DurableFile {
    /// Writes `bytes` to `path` (created or truncated) and fsyncs it.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError(path, "cannot create") }
        defer { close(fd) }
        var done = 0
        try bytes.withUnsafeBytes { p in
            while done < p.count {
                let n = Glibc.write(fd, p.baseAddress! + done, p.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ioError(path, "write failed")
                }
                done += n
            }
        }
        guard fsync(fd) == 0 else { throw ioError(path, "fsync failed") }
    }

    /// Renames `from` to `to` (replacing it) and fsyncs the directory so the rename is durable.
    public static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw ioError(to, "cannot rename \(from) to it") }
        syncDirectory(of: to)
    }

    /// Writes through a `.partial` temp name, then renames: the file is old or new, never half.
    public static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temp = path + ".partial"
        try write(bytes, to: temp)
        try rename(temp, to: path)
    }

    public static func syncDirectory(of path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    public static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ioError(path, "cannot read") }
        return [UInt8](data)
    }

    public static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw ioError(path, "cannot remove") }
    }

    private static func ioError(_ path: String, _ what: String) -> ShardError {
        .io(path: path, problem: "\(what) (\(String(cString: strerror(errno))))")
    }
}
