import Foundation

/// Writes a whole file so that readers see either the old or the new content, never a
/// mix: write to a temporary name beside it, fsync, rename over the target, fsync the
/// directory.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).partial")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw PipelineError.io(path: temp.path, detail: String(cString: strerror(errno))) }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok else { throw PipelineError.io(path: temp.path, detail: String(cString: strerror(errno))) }
        guard rename(temp.path, url.path) == 0 else {
            throw PipelineError.io(path: url.path, detail: String(cString: strerror(errno)))
        }
        let dfd = open(dir.path, O_RDONLY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
