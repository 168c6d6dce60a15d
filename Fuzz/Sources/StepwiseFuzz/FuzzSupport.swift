import Foundation

/// The checkout's root (models and samples the targets load once).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A scratch directory of this process, emptied before each input that writes files.
let scratchDirectory: URL = {
    let base = ProcessInfo.processInfo.environment["STEPWISE_FUZZ_SCRATCH"] ?? NSTemporaryDirectory()
    let url = URL(fileURLWithPath: base).appendingPathComponent("stepwise-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}()

/// Empties the scratch directory and returns it.
func freshScratch() -> URL {
    let fm = FileManager.default
    if let names = try? fm.contentsOfDirectory(atPath: scratchDirectory.path) {
        for name in names { try? fm.removeItem(at: scratchDirectory.appendingPathComponent(name)) }
    }
    return scratchDirectory
}

func write(_ bytes: some Collection<UInt8>, to url: URL) {
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
}

/// An input split into a leading selector byte and the rest.
struct Selected {
    var choice: Int
    var rest: UnsafeRawBufferPointer

    init(_ data: UnsafeRawBufferPointer, among count: Int) {
        choice = data.isEmpty ? 0 : Int(data[0]) % count
        rest = data.isEmpty ? data : UnsafeRawBufferPointer(rebasing: data[1...])
    }
}

/// Splits `data` at each occurrence of the byte sequence `separator`.
func parts(_ data: UnsafeRawBufferPointer, separator: [UInt8]) -> [[UInt8]] {
    let bytes = [UInt8](data)
    var out: [[UInt8]] = []
    var start = 0
    var i = 0
    while i + separator.count <= bytes.count {
        if bytes[i..<(i + separator.count)].elementsEqual(separator) {
            out.append(Array(bytes[start..<i]))
            i += separator.count
            start = i
        } else {
            i += 1
        }
    }
    out.append(Array(bytes[start...]))
    return out
}
