import Foundation
import StepwiseCore

/// Reads a JSON-lines file one object at a time (blank lines skipped), without loading
/// the whole file: it reads 1 MiB blocks and splits them at newlines.
public final class JSONLineReader {
    public let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    public private(set) var lineNumber = 0

    public init(url: URL) throws {
        self.url = url
        handle = try FileHandle(forReadingFrom: url)
    }

    deinit { try? handle.close() }

    /// The next non-blank line's raw bytes and 1-based line number.
    public func nextLine() throws -> (Int, ArraySlice<UInt8>)? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<nl]
                start = nl + 1
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                return (lineNumber, line)
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { return nil }
                return (lineNumber, line)
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { eof = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    /// The next line decoded as JSON; throws ``TeacherError/importFailed`` naming the line.
    func next() throws -> (Int, JSONValue)? {
        guard let (line, bytes) = try nextLine() else { return nil }
        do throws(JSONSyntaxError) {
            return (line, try JSONValue(parsing: bytes))
        } catch {
            throw TeacherError.importFailed(file: url.path, line: line, message: "not valid JSON: \(error)")
        }
    }
}
