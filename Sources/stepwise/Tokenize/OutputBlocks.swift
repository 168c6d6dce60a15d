import Foundation

/// Output to a file descriptor gathered in one large buffer and written in blocks of at
/// least `blockSize` bytes (one system call each), with JSON arrays of ids formatted
/// straight into the buffer.
final class OutputBlocks {
    struct WriteError: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "cannot write: \(String(cString: strerror(code)))" }
    }

    private let fileDescriptor: Int32
    private let blockSize: Int
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    init(fileDescriptor: Int32 = STDOUT_FILENO, blockSize: Int = 1 << 18) {
        self.fileDescriptor = fileDescriptor
        self.blockSize = blockSize
        capacity = blockSize * 2
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// Appends `bytes` and a line break.
    func appendLine(_ bytes: some Collection<UInt8>) throws(WriteError) {
        reserve(bytes.count + 1)
        let written = UnsafeMutableBufferPointer(start: storage + count, count: bytes.count).initialize(from: bytes).1
        count += written
        storage[count] = 0x0A
        count += 1
        try flushIfFull()
    }

    /// Appends `[id,id,…]` and a line break.
    func appendIDArray(_ ids: UnsafeBufferPointer<Int32>) throws(WriteError) {
        // "-2147483648," is the longest id with its comma.
        reserve(ids.count * 12 + 3)
        var cursor = storage + count
        cursor.pointee = UInt8(ascii: "[")
        cursor += 1
        for (index, id) in ids.enumerated() {
            if index > 0 {
                cursor.pointee = UInt8(ascii: ",")
                cursor += 1
            }
            cursor = Self.writeDecimal(id, at: cursor)
        }
        cursor[0] = UInt8(ascii: "]")
        cursor[1] = 0x0A
        count = cursor + 2 - storage
        try flushIfFull()
    }

    /// Writes everything gathered so far.
    func flush() throws(WriteError) {
        var offset = 0
        while offset < count {
            let written = write(fileDescriptor, storage + offset, count - offset)
            if written >= 0 {
                offset += written
            } else if errno != EINTR {
                count = 0
                throw WriteError(code: errno)
            }
        }
        count = 0
    }

    private func flushIfFull() throws(WriteError) {
        if count >= blockSize { try flush() }
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        capacity = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
    }

    /// "00" "01" … "99": two digits per step.
    private static let digitPairs: [UInt8] = (0..<100).flatMap { (pair: Int) -> [UInt8] in
        [UInt8(48 + pair / 10), UInt8(48 + pair % 10)]
    }

    /// Writes `value` in decimal at `cursor`; returns the position after it.
    @inline(__always)
    static func writeDecimal(_ value: Int32, at cursor: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var cursor = cursor
        if value < 0 {
            cursor.pointee = UInt8(ascii: "-")
            cursor += 1
        }
        var rest = value.magnitude
        var digits = 1
        var limit: UInt32 = 10
        while digits < 10 && rest >= limit {
            digits += 1
            limit &*= 10
        }
        var end = cursor + digits
        let result = end
        digitPairs.withUnsafeBufferPointer { pairs in
            while rest >= 100 {
                let pair = Int(rest % 100) * 2
                rest /= 100
                end -= 2
                end[0] = pairs[pair]
                end[1] = pairs[pair + 1]
            }
            if rest >= 10 {
                let pair = Int(rest) * 2
                end -= 2
                end[0] = pairs[pair]
                end[1] = pairs[pair + 1]
            } else {
                end -= 1
                end[0] = UInt8(48 + rest)
            }
        }
        return result
    }
}
