import Foundation
import GRDB
import StepwiseCore

/// A recordings file: recorded completions that the `replay` teacher serves, made by
/// `stepwise teacher import`. A SQLite file with two tables:
///
/// - `by_position(dataset, split, idx, completion)` — the paper's released outputs, which
///   are in dataset order: the `i`-th completion of a split belongs to the record whose
///   ``SourceRecord/index`` is `i` (0-based, counting skipped records too).
/// - `by_id(id, completion)` — generic JSONL recordings `{"id": …, "completion": …}`,
///   matched on ``SourceRecord/id``.
/// - `by_id_sample(id, sample, completion)` — samples 1, 2, … of a record
///   (`{"id", "sample", "completion"}` lines, `sample` 0-based; sample 0 is in `by_id`),
///   for `teacher.samples` > 1.
///
/// **Matching:** a record is matched by id first (when the file has any id recordings),
/// then by `(dataset, split, index)`. Nothing is loaded into memory: each batch is one
/// range query (its indices are usually contiguous) or one `IN` query, so memory stays
/// flat however many recordings the file holds.
public final class RecordingStore: Sendable {
    public let path: URL
    let queue: DatabaseQueue
    let hasIDs: Bool
    /// Whether the file holds samples beyond the first (older files have no such table).
    let hasSamples: Bool

    static let schema = """
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS by_position (
            dataset TEXT NOT NULL, split TEXT NOT NULL, idx INTEGER NOT NULL, completion TEXT NOT NULL,
            PRIMARY KEY (dataset, split, idx)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS by_id (id TEXT PRIMARY KEY NOT NULL, completion TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS by_id_sample (
            id TEXT NOT NULL, sample INTEGER NOT NULL, completion TEXT NOT NULL, PRIMARY KEY (id, sample)) WITHOUT ROWID;
        INSERT OR REPLACE INTO meta (name, value) VALUES ('format', 'stepwise-recordings'), ('version', '1');
        """

    /// Opens an existing recordings file read-only.
    public init(path: URL) throws(TeacherError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw .recordings(path: path.path, message: "no such file; make it with `stepwise teacher import`")
        }
        do {
            var config = Configuration()
            config.readonly = true
            queue = try DatabaseQueue(path: path.path, configuration: config)
            let (format, ids, samples) = try queue.read { db -> (String?, Bool, Bool) in
                guard try db.tableExists("meta") else { return (nil, false, false) }
                let format = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'format'")
                let ids = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM by_id)") ?? false
                let samples = try db.tableExists("by_id_sample")
                    && (try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM by_id_sample)") ?? false)
                return (format, ids, samples)
            }
            guard format == "stepwise-recordings" else {
                throw TeacherError.recordings(path: path.path, message: "not a recordings file (make it with `stepwise teacher import`)")
            }
            hasIDs = ids
            hasSamples = samples
        } catch let error as TeacherError {
            throw error
        } catch {
            throw .recordings(path: path.path, message: "cannot open: \(error)")
        }
    }

    /// The recorded completion of each record of `batch` (`nil` where there is none).
    public func completions(for batch: [SourceRecord]) throws(TeacherError) -> [String?] {
        var out = [String?](repeating: nil, count: batch.count)
        do {
            try queue.read { db in
                if hasIDs {
                    try Self.forEachRow(db, of: batch, sql: "SELECT id, completion FROM by_id WHERE id IN", prefix: []) { i, row in
                        out[i] = row[1]
                    }
                }
                // The usual batch: consecutive records of one split, none matched by id.
                if !hasIDs, let span = Self.contiguousSpan(batch) {
                    var slot = [Int32](repeating: -1, count: span.hi - span.lo + 1)
                    for (i, r) in batch.enumerated() { slot[r.index - span.lo] = Int32(i) }
                    let statement = try db.cachedStatement(sql: Self.rangeQuery)
                    try IndexedTextRows.forEach(statement, arguments: [batch[0].dataset, batch[0].split, span.lo, span.hi]) { idx, text in
                        let i = slot[idx - span.lo]
                        if i >= 0 { out[Int(i)] = text }
                    }
                    return
                }
                // Group the rest by (dataset, split) and fetch each group by position.
                var groups: [String: (dataset: String, split: String, slots: [Int: [Int]])] = [:]
                for (i, r) in batch.enumerated() where out[i] == nil {
                    let name = r.dataset + "\u{0}" + r.split
                    if groups[name] == nil { groups[name] = (r.dataset, r.split, [:]) }
                    groups[name]!.slots[r.index, default: []].append(i)
                }
                for (_, group) in groups {
                    let indices = group.slots.keys.sorted()
                    guard let lo = indices.first, let hi = indices.last else { continue }
                    func take(_ statement: Statement, _ arguments: StatementArguments) throws {
                        try IndexedTextRows.forEach(statement, arguments: arguments) { idx, text in
                            guard let slots = group.slots[idx] else { return }
                            for i in slots { out[i] = text }
                        }
                    }
                    if hi - lo < 4 * indices.count + 64 {
                        // Dense (the usual case: a batch of consecutive records): one range scan.
                        let statement = try db.cachedStatement(sql: Self.rangeQuery)
                        try take(statement, [group.dataset, group.split, lo, hi])
                    } else {
                        for start in stride(from: 0, to: indices.count, by: 500) {
                            let chunk = Array(indices[start..<min(indices.count, start + 500)])
                            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                            let args = StatementArguments([group.dataset, group.split]) + StatementArguments(chunk)
                            try take(
                                try db.makeStatement(
                                    sql: "SELECT idx, completion FROM by_position WHERE dataset = ? AND split = ? AND idx IN (\(marks))"),
                                args)
                        }
                    }
                }
            }
        } catch {
            throw .recordings(path: path.path, message: "lookup failed: \(error)")
        }
        return out
    }

    /// Samples 1…`count`-1 of each record of `batch`, matched by id (`nil` where missing).
    public func moreSamples(for batch: [SourceRecord], count: Int) throws(TeacherError) -> [[String?]] {
        var out = [[String?]](repeating: [String?](repeating: nil, count: max(0, count - 1)), count: batch.count)
        guard count > 1, hasSamples else { return out }
        do {
            try queue.read { db in
                try Self.forEachRow(
                    db, of: batch, sql: "SELECT id, sample, completion FROM by_id_sample WHERE sample BETWEEN 1 AND ? AND id IN",
                    prefix: [count - 1]
                ) { i, row in
                    let sample: Int = row[1]
                    out[i][sample - 1] = row[2]
                }
            }
        } catch {
            throw .recordings(path: path.path, message: "sample lookup failed: \(error)")
        }
        return out
    }

    /// Runs `sql` + ` (?, …)` over the ids of `batch` (500 at a time, after the `prefix`
    /// arguments) and calls `body` with each record's index in `batch` and the row (whose
    /// first column is the id).
    private static func forEachRow(
        _ db: Database, of batch: [SourceRecord], sql: String, prefix: [any DatabaseValueConvertible],
        _ body: (Int, Row) throws -> Void
    ) throws {
        var slots: [String: [Int]] = [:]
        for (i, r) in batch.enumerated() { slots[r.id, default: []].append(i) }
        let ids = Array(slots.keys)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchCursor(
                db, sql: "\(sql) (\(marks))", arguments: StatementArguments(prefix) + StatementArguments(chunk))
            while let row = try rows.next() {
                let id: String = row[0]
                for i in slots[id] ?? [] { try body(i, row) }
            }
        }
    }

    /// The completions of one `(dataset, split)` between two positions, inclusive.
    static let rangeQuery = "SELECT idx, completion FROM by_position WHERE dataset = ? AND split = ? AND idx BETWEEN ? AND ?"

    /// `(lo, hi)` when every record of `batch` is of the first one's dataset and split and
    /// their indices ascend strictly, densely enough for one range scan.
    static func contiguousSpan(_ batch: [SourceRecord]) -> (lo: Int, hi: Int)? {
        guard let first = batch.first, let last = batch.last, last.index - first.index < 4 * batch.count + 64 else { return nil }
        var previous = first.index - 1
        for r in batch {
            guard r.index > previous, r.dataset == first.dataset, r.split == first.split else { return nil }
            previous = r.index
        }
        return (first.index, last.index)
    }

    /// Recordings per `(dataset, split)` and by id, for messages and tests.
    public func counts() throws(TeacherError) -> (byPosition: [(dataset: String, split: String, count: Int)], byID: Int) {
        do {
            return try queue.read { db in
                let rows = try Row.fetchAll(db, sql: "SELECT dataset, split, COUNT(*) FROM by_position GROUP BY dataset, split ORDER BY dataset, split")
                let ids = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM by_id") ?? 0
                return (rows.map { ($0[0], $0[1], $0[2]) }, ids)
            }
        } catch {
            throw .recordings(path: path.path, message: "cannot count: \(error)")
        }
    }
}
