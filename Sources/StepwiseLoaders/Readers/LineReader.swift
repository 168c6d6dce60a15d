#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a ``ByteStream`` into lines without copying them: each line is handed to a
/// closure as a pointer into the reader's chunk buffer, valid only during the call.
///
/// `\n` ends a line; a `\r` before it is removed. Memory is one chunk (1 MiB by default),
/// grown only for a single line longer than that, up to `maxLineLength`.
final class LineReader {
    let stream: any ByteStream
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    let maxLineLength: Int
    /// 1-based number of the line last handed out.
    private(set) var lineNumber = 0
    /// Bytes consumed so far.
    private(set) var bytesRead = 0

    init(stream: any ByteStream, chunkSize: Int = 1 << 20, maxLineLength: Int = 256 << 20) {
        self.stream = stream
        self.buffer = [UInt8](repeating: 0, count: max(16, chunkSize))
        self.maxLineLength = maxLineLength
    }

    /// Calls `body` with the next line (without its terminator); nil at the end.
    func withNextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        var scanFrom = start
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { buf in
                guard scanFrom < end, let base = buf.baseAddress else { return nil }
                guard let hit = memchr(base + scanFrom, 0x0A, end - scanFrom) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let newline = found {
                let lineStart = start
                start = newline + 1
                return try emit(from: lineStart, to: newline, body)
            }
            if atEOF {
                guard start < end else { return nil }
                let lineStart = start
                start = end
                return try emit(from: lineStart, to: end, body)
            }
            scanFrom = end - start
            try refill()
        }
    }

    private func emit<R>(from: Int, to: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        lineNumber += 1
        bytesRead += to - from + (to < end ? 1 : 0)
        var stop = to
        if stop > from && buffer[stop - 1] == 0x0D { stop -= 1 }
        return try buffer.withUnsafeBufferPointer { buf in
            try body(UnsafeBufferPointer(rebasing: buf[from..<stop]))
        }
    }

    /// Moves the unread bytes to the front and reads more, growing for a very long line.
    private func refill() throws {
        let pending = end - start
        if start > 0 {
            if pending > 0 {
                buffer.withUnsafeMutableBufferPointer { buf in
                    guard let base = buf.baseAddress else { return }
                    memmove(base, base + start, pending)
                }
            }
            start = 0
            end = pending
        }
        if end == buffer.count {
            guard buffer.count < maxLineLength else {
                throw stream.name.error(
                    .io, line: lineNumber + 1, "line longer than \(maxLineLength) bytes (is this a JSON-lines file?)")
            }
            buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maxLineLength - buffer.count)))
        }
        let n = try buffer.withUnsafeMutableBytes { raw in
            try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
        }
        if n == 0 { atEOF = true } else { end += n }
    }
}

/// True when a line holds only spaces, tabs or carriage returns (skipped in JSON lines).
func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in line where b != 0x20 && b != 0x09 && b != 0x0D { return false }
    return true
}
