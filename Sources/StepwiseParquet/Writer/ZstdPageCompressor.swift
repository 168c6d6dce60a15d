import CZstd
import Synchronization

/// zstd for pages, one frame each, with one compression context reused for every page of
/// a writer (a fresh context per page would allocate and fault in its tables each time).
///
/// `ZSTD_compressCCtx` starts every frame from scratch and records the content size, so a
/// page's bytes depend only on the page, the level and the libzstd version. The context is
/// behind a lock because copies of a writer share it.
final class ZstdPageCompressor: Sendable {
    let level: Int32
    private let context = Mutex<OpaquePointer?>(nil)

    init(level: Int32) {
        self.level = level
    }

    deinit {
        context.withLock { ctx in
            if let c = ctx { ZSTD_freeCCtx(c) }
            ctx = nil
        }
    }

    /// The libzstd version linked in, e.g. `1.5.4`.
    static var libraryVersion: String { String(cString: ZSTD_versionString()) }

    /// Compresses `input` into `output` (grown as needed, its count left at least the
    /// compressed size) and returns the compressed size.
    func compress(_ input: [UInt8], into output: inout [UInt8]) throws(ParquetError) -> Int {
        let bound = ZSTD_compressBound(input.count)
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        let level = self.level
        let written: Int? = context.withLock { ctx in
            if ctx == nil { ctx = ZSTD_createCCtx() }
            guard let c = ctx else { return nil }
            return input.withUnsafeBytes { src in
                output.withUnsafeMutableBytes { dst in
                    ZSTD_compressCCtx(c, dst.baseAddress, dst.count, src.baseAddress, src.count, level)
                }
            }
        }
        guard let written else { throw .compression("cannot create a compression context (out of memory)") }
        if ZSTD_isError(written) != 0 { throw .compression(String(cString: ZSTD_getErrorName(written))) }
        return written
    }
}
