import Foundation
import Synchronization

/// Appends rejected records to a JSON-lines file (`rejects.jsonl`), one per line.
///
/// Safe to call from several stages at once.
///
/// With `holdUntilCommit`, rejections are kept in memory until ``commit(through:)`` says
/// that every record up to a source position is final (its shard is committed); they are
/// then written in source order and synced. This is what makes `rejects.jsonl` exact
/// after a resumed run: nothing is written for records that will be processed again.
/// Memory stays bounded by how far the stages run ahead of the last commit.
public final class RejectSink: Sendable {
    public let url: URL
    private let holdUntilCommit: Bool
    private struct State {
        var writer: JSONLinesWriter
        var pending: [Rejection] = []
        var committedCounts: [String: Int] = [:]
        var bytesWritten: Int64
    }
    private let state: Mutex<State>

    /// Opens (creating or appending to) the file at `url`.
    public init(url: URL, append: Bool = true, holdUntilCommit: Bool = false) throws {
        self.url = url
        self.holdUntilCommit = holdUntilCommit
        let size = append ? ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int64) ?? 0) : 0
        self.state = Mutex(State(writer: try JSONLinesWriter(url: url, append: append), bytesWritten: size))
    }

    public func write(_ rejections: [Rejection]) throws {
        try state.withLock { s in
            if holdUntilCommit {
                s.pending += rejections
            } else {
                try Self.emit(rejections, into: &s)
                try s.writer.flush()
            }
        }
    }

    /// Writes every held rejection whose source index is `<= index` (and those without an
    /// index), in source order, and syncs the file. Returns the file's length afterwards.
    @discardableResult
    public func commit(through index: Int) throws -> Int64 {
        try state.withLock { s in
            var ready: [Rejection] = []
            var keep: [Rejection] = []
            for r in s.pending {
                if (r.sourceIndex ?? Int.min) <= index { ready.append(r) } else { keep.append(r) }
            }
            // Stable: rejections of one record keep their arrival order.
            let ordered = ready.enumerated().sorted {
                let a = $0.element.sourceIndex ?? Int.min, b = $1.element.sourceIndex ?? Int.min
                return a != b ? a < b : $0.offset < $1.offset
            }.map(\.element)
            s.pending = keep
            try Self.emit(ordered, into: &s)
            try s.writer.flush()
            try s.writer.sync()
            return s.bytesWritten
        }
    }

    /// Rejections held until a commit.
    public var heldCount: Int { state.withLock { $0.pending.count } }

    /// Counts by reason of the rejections written so far (since the last ``resetCounts()``).
    public var committedCounts: [String: Int] { state.withLock { $0.committedCounts } }

    public func resetCounts(to counts: [String: Int] = [:]) {
        state.withLock { $0.committedCounts = counts }
    }

    /// Drops held rejections (used when a run stops without committing them).
    public func discardPending() {
        state.withLock { $0.pending.removeAll() }
    }

    public func close() throws {
        try state.withLock { s in
            if !holdUntilCommit, !s.pending.isEmpty { try Self.emit(s.pending, into: &s) }
            try s.writer.close()
        }
    }

    private static func emit(_ rejections: [Rejection], into s: inout State) throws {
        for r in rejections {
            let line = r.jsonLine()
            try s.writer.write(line: line)
            s.bytesWritten += Int64(line.utf8.count + 1)
            s.committedCounts[r.reason, default: 0] += 1
        }
    }
}
