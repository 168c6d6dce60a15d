import Foundation
import Synchronization

/// Appends rejected records to a JSON-lines file (`rejects.jsonl`), one per line.
///
/// Safe to call from several stages at once; each call's lines stay together and in order.
public final class RejectSink: Sendable {
    public let url: URL
    private let writer: Mutex<JSONLinesWriter>

    /// Opens (creating or appending to) the file at `url`.
    public init(url: URL, append: Bool = true) throws {
        self.url = url
        self.writer = Mutex(try JSONLinesWriter(url: url, append: append))
    }

    public func write(_ rejections: [Rejection]) throws {
        try writer.withLock { w in
            for r in rejections { try w.write(line: r.jsonLine()) }
            try w.flush()
        }
    }

    public func close() throws {
        try writer.withLock { try $0.close() }
    }
}
