import Foundation

/// The lines of a file descriptor, read in large blocks and handed out as bytes without
/// their line break — `\n`, or `\r\n`, as `readLine(strippingNewline: true)` strips them.
/// A last line without a line break is a line too; bytes are passed on as they are (no
/// UTF-8 repair).
final class InputLines {
    struct ReadError: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "cannot read: \(String(cString: strerror(code)))" }
    }

    private let fileDescriptor: Int32
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The first byte not handed out yet.
    private var start = 0
    /// The end of the bytes read so far.
    private var end = 0
    /// Bytes from `start` up to here hold no `\n` (so a long line is searched once).
    private var searched = 0
    private var reachedEnd = false
    /// The number of the line last handed out, counting from 1.
    private(set) var lineNumber = 0

    init(fileDescriptor: Int32 = STDIN_FILENO, blockSize: Int = 1 << 20) {
        self.fileDescriptor = fileDescriptor
        capacity = max(blockSize, 16)
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// The next line, valid until the next call; `nil` after the last one.
    func next() throws(ReadError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            if let found = memchr(storage + searched, 0x0A, end - searched) {
                let lineEnd = found.assumingMemoryBound(to: UInt8.self) - storage
                var length = lineEnd - start
                if length > 0 && storage[lineEnd - 1] == 0x0D { length -= 1 }
                let line = UnsafeBufferPointer(start: storage + start, count: length)
                start = lineEnd + 1
                searched = start
                lineNumber += 1
                return line
            }
            searched = end
            if reachedEnd {
                guard start < end else { return nil }
                let line = UnsafeBufferPointer(start: storage + start, count: end - start)
                start = end
                lineNumber += 1
                return line
            }
            try readBlock()
        }
    }

    /// Moves the unfinished line to the front (growing the buffer when it fills it) and
    /// reads what fits after it.
    private func readBlock() throws(ReadError) {
        if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(storage, storage + start, pending) }
            searched -= start
            end = pending
            start = 0
        }
        if end == capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: storage, count: end)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        while true {
            let count = read(fileDescriptor, storage + end, capacity - end)
            if count > 0 {
                end += count
                return
            }
            if count == 0 {
                reachedEnd = true
                return
            }
            if errno != EINTR { throw ReadError(code: errno) }
        }
    }
}
