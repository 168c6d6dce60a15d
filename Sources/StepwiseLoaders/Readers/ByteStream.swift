import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only source of bytes: a plain file or one entry of an archive.
///
/// Readers pull fixed-size chunks from it, so memory stays the same whatever the size of
/// the file. Not thread-safe; one reader owns a stream.
protocol ByteStream: AnyObject {
    /// Names the file (and archive entry) for error messages.
    var name: SourceName { get }
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes read so far by the streams a ``DataLocation`` opens, and the sizes those streams
/// announced (an archive entry's size, from its header): how far a loader is, for the
/// progress display.
final class ReadMeter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var sizes = 0

    var bytes: Int { lock.withLock { done } }
    var announced: Int { lock.withLock { sizes } }

    /// Adds `n` bytes read.
    func add(_ n: Int) { lock.withLock { done += n } }

    /// A stream of `size` bytes was opened.
    func announce(_ size: Int) { lock.withLock { sizes += size } }
}

/// A plain file read with `read(2)`.
final class FileByteStream: ByteStream {
    let name: SourceName
    private var fd: Int32
    private let meter: ReadMeter?

    init(path: String, meter: ReadMeter? = nil) throws {
        self.meter = meter
        self.name = SourceName(file: path)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw LoaderError(.fileNotFound, file: path, message: "cannot open file: \(reason)")
        }
        self.fd = fd
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard fd >= 0, let base = buffer.baseAddress else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 {
                meter?.add(n)
                return n
            }
            if errno == EINTR { continue }
            throw name.error(.io, "read failed: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }
}

/// Reads every byte of a stream into memory. Used only where a format needs the whole
/// document at once (SVAMP's single JSON array, whose split needs all problems anyway).
func readAll(_ stream: any ByteStream, limit: Int = 1 << 30) throws -> [UInt8] {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
        if n == 0 { return out }
        out.append(contentsOf: chunk[0..<n])
        if out.count > limit {
            throw stream.name.error(.io, "file is larger than \(limit) bytes; this format is read whole")
        }
    }
}
