import Foundation

/// A buffered writer of text lines to a file or standard output.
public final class JSONLinesWriter {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private var buffer: [UInt8] = []
    private var closed = false
    private let flushThreshold = 1 << 20

    /// Opens `url` for writing; truncates unless `append`.
    public init(url: URL, append: Bool = false) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !append || !fm.fileExists(atPath: url.path) {
            guard fm.createFile(atPath: url.path, contents: nil) else {
                throw OutputError.cannotCreate(path: url.path)
            }
        }
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw OutputError.cannotCreate(path: url.path)
        }
        ownsHandle = true
        if append { try handle.seekToEnd() }
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Writes to standard output.
    public init(standardOutput: Void = ()) {
        handle = FileHandle.standardOutput
        ownsHandle = false
    }

    /// Appends `line` and a newline.
    public func write(line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and forces the bytes to stable storage.
    public func sync() throws {
        try flush()
        try handle.synchronize()
    }

    public func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
        if ownsHandle { try handle.close() }
    }
}

/// Errors writing output files.
public enum OutputError: Error, CustomStringConvertible, Sendable {
    case cannotCreate(path: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path): return "\(path): cannot create the file (check the directory and permissions)"
        }
    }
}
