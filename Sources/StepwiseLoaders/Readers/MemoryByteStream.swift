/// A ByteStream over bytes already in memory, handed out at most `chunk` bytes per read, so
/// a reader's buffer boundaries can be made to fall anywhere (tests and fuzz targets).
final class MemoryByteStream: ByteStream {
    let name: SourceName
    private let bytes: [UInt8]
    private let chunk: Int
    private var offset = 0

    init(bytes: [UInt8], chunk: Int, name: SourceName) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(chunk, buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<(offset + n)]))
        }
        offset += n
        return n
    }
}
