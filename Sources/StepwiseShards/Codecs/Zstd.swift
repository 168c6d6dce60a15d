import CZstd

/// One-shot zstd, as MDSWriter uses it: one frame per shard, content size in the header.
///
/// `ZSTD_compress` is single-threaded and records the content size, so the same input,
/// level and libzstd version always give the same frame (byte-identical resume), and
/// every python-zstd version can read it (older ones need the content size).
enum Zstd {
    /// The libzstd version linked in, e.g. `1.5.4`.
    static var versionString: String { String(cString: ZSTD_versionString()) }

    static func compress(_ input: [UInt8], level: Int) throws -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var written = 0
        // Uninitialized: only the pages zstd writes become resident (the bound is never reached).
        let output = [UInt8](unsafeUninitializedCapacity: bound) { dst, count in
            written = input.withUnsafeBytes { src in
                ZSTD_compress(dst.baseAddress, bound, src.baseAddress, src.count, Int32(level))
            }
            count = ZSTD_isError(written) != 0 ? 0 : written
        }
        if ZSTD_isError(written) != 0 {
            throw ShardError.configuration("zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        }
        return output
    }

    /// What the header of the first frame says about its content size.
    enum ContentSize: Equatable {
        case known(Int)
        case unknown
        case notAFrame
    }

    static func contentSize(of frame: [UInt8]) -> ContentSize {
        let size = frame.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        if size == UInt64.max { return .unknown }  // ZSTD_CONTENTSIZE_UNKNOWN
        if size == UInt64.max - 1 { return .notAFrame }  // ZSTD_CONTENTSIZE_ERROR
        return size > UInt64(Int.max) ? .notAFrame : .known(Int(size))
    }

    /// Decompresses a file that must hold exactly one frame with a recorded content size.
    /// `path` names the file in errors.
    static func decompressSingleFrame(_ frame: [UInt8], path: String) throws -> [UInt8] {
        let expected: Int
        switch contentSize(of: frame) {
        case .known(let n): expected = n
        case .unknown:
            throw ShardError.damaged(path: path, problem: "zstd frame header has no content size (older python-zstd cannot read it)")
        case .notAFrame:
            throw ShardError.damaged(path: path, problem: "not a zstd frame (bad or truncated header)")
        }
        let frameSize = frame.withUnsafeBytes { ZSTD_findFrameCompressedSize($0.baseAddress, $0.count) }
        if ZSTD_isError(frameSize) != 0 {
            throw ShardError.damaged(
                path: path, problem: "zstd frame is truncated or corrupt (\(String(cString: ZSTD_getErrorName(frameSize))))")
        }
        if frameSize != frame.count {
            throw ShardError.damaged(path: path, problem: "\(frame.count - frameSize) bytes after the zstd frame")
        }
        var output = [UInt8](repeating: 0, count: expected)
        let got = frame.withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                ZSTD_decompress(dst.baseAddress, expected, src.baseAddress, src.count)
            }
        }
        if ZSTD_isError(got) != 0 {
            throw ShardError.damaged(path: path, problem: "zstd data is corrupt (\(String(cString: ZSTD_getErrorName(got))))")
        }
        if got != expected {
            throw ShardError.damaged(path: path, problem: "zstd frame decompressed to \(got) bytes, its header says \(expected)")
        }
        return output
    }
}
