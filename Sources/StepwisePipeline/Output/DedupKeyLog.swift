import Foundation
import StepwiseCore
import StepwiseRationales
import Synchronization

/// The input keys of a split's committed samples, for `parse.drop_duplicate_inputs`
/// (`OUT/dedup/<split>.keys`, 16 bytes per sample, little-endian).
///
/// The duplicate filter remembers every input it kept; a resumed run must remember the
/// inputs of the samples committed before the kill, or a duplicate of one would pass. The
/// sink holds each sample's key until its shard is committed, then appends the keys and
/// syncs before the run record names the file's new length (``SplitRecord/dedupBytes``);
/// a resumed run cuts the file back to that length and reads it.
final class DedupKeyLog: Sendable {
    let url: URL
    private struct State {
        var handle: FileHandle
        var held: [DuplicateInputStage.InputKey] = []
        var bytes: Int64
    }
    private let state: Mutex<State>

    /// Opens the log, cutting it back to `committedBytes` (what the run record names).
    init(url: URL, committedBytes: Int64) throws {
        self.url = url
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !fm.fileExists(atPath: url.path), !fm.createFile(atPath: url.path, contents: nil) {
            throw PipelineError.io(path: url.path, detail: "cannot create the file")
        }
        guard truncate(url.path, off_t(committedBytes)) == 0 else {
            throw PipelineError.io(path: url.path, detail: "cannot cut back to \(committedBytes) bytes: \(String(cString: strerror(errno)))")
        }
        let handle = try FileHandle(forUpdating: url)
        try handle.seekToEnd()
        state = Mutex(State(handle: handle, bytes: committedBytes))
    }

    /// The committed keys, in commit order.
    func committedKeys() throws -> [DuplicateInputStage.InputKey] {
        let data = try Data(contentsOf: url)
        guard data.count % 16 == 0 else {
            throw PipelineError.damagedRunRecord(path: url.path, detail: "\(data.count) bytes is not a whole number of 16-byte keys")
        }
        return data.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: 16).map { offset in
                DuplicateInputStage.InputKey(
                    a: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                    b: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
            }
        }
    }

    /// Holds the key of the next appended sample.
    func hold(_ key: DuplicateInputStage.InputKey) {
        state.withLock { $0.held.append(key) }
    }

    /// Writes the held keys of the samples up to the `samples`-th of the split, syncs, and
    /// returns the file's length.
    func commit(throughSample samples: Int) throws -> Int64 {
        try state.withLock { s in
            let n = min(max(0, samples - Int(s.bytes / 16)), s.held.count)
            guard n > 0 else { return s.bytes }
            var data = Data(capacity: n * 16)
            for key in s.held[..<n] {
                withUnsafeBytes(of: key.a.littleEndian) { data.append(contentsOf: $0) }
                withUnsafeBytes(of: key.b.littleEndian) { data.append(contentsOf: $0) }
            }
            try s.handle.write(contentsOf: data)
            try s.handle.synchronize()
            s.held.removeFirst(n)
            s.bytes += Int64(data.count)
            return s.bytes
        }
    }

    func close() throws {
        try state.withLock { try $0.handle.close() }
    }
}
