import Foundation
import GRDB

/// A completion the cache holds.
public struct CachedCompletion: Sendable, Hashable {
    public var completion: String
    public var finishReason: String?
    public init(completion: String, finishReason: String?) {
        self.completion = completion
        self.finishReason = finishReason
    }
}

/// One completion to store.
public struct CacheEntry: Sendable, Hashable {
    public var key: CacheKey
    public var completion: String
    public var finishReason: String?
    /// The model that answered (for `cache stats`).
    public var model: String
    /// `request` (a live call) or `batch` (imported from a Batch API output file).
    public var origin: String

    public init(key: CacheKey, completion: String, finishReason: String?, model: String, origin: String) {
        self.key = key
        self.completion = completion
        self.finishReason = finishReason
        self.model = model
        self.origin = origin
    }
}

/// The persistent completion cache: a SQLite file in WAL mode, keyed by ``CacheKey``.
///
/// The teacher stores every completion it receives **before** handing it on, in one
/// transaction per response, so a killed run never pays for the same completion twice.
/// Durability: `journal_mode=WAL` with `synchronous=FULL` — each commit is fsynced, so a
/// committed completion survives a process kill *and* a power loss (the cost, one fsync
/// per HTTP response, is small next to a request). Several pipelines may share one file:
/// SQLite's locking serialises the writers, and readers never block.
///
/// The file holds only keys (hashes), completions, finish reasons, the model name, the
/// origin and a timestamp — never a prompt's secrets or the API key.
public final class CompletionCache: Sendable {
    public let path: URL
    let pool: DatabasePool

    /// Opens (creating if needed) the cache at `path`.
    public init(path: URL) throws(TeacherError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(
                at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            var config = Configuration()
            config.busyMode = .timeout(30)
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            pool = try DatabasePool(path: path.path, configuration: config)
            try pool.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS completions (
                            key BLOB PRIMARY KEY NOT NULL,
                            completion TEXT NOT NULL,
                            finish_reason TEXT,
                            model TEXT NOT NULL,
                            origin TEXT NOT NULL,
                            created_at REAL NOT NULL
                        ) WITHOUT ROWID
                        """)
            }
        } catch {
            throw .cache(path: path.path, message: "cannot open: \(error)")
        }
    }

    /// The cached completions among `keys`.
    public func lookup(_ keys: [CacheKey]) throws(TeacherError) -> [CacheKey: CachedCompletion] {
        guard !keys.isEmpty else { return [:] }
        var found: [CacheKey: CachedCompletion] = [:]
        do {
            try pool.read { db in
                for start in stride(from: 0, to: keys.count, by: 500) {
                    let chunk = keys[start..<min(keys.count, start + 500)]
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let args = StatementArguments(chunk.map { Data($0.bytes) })
                    let rows = try Row.fetchCursor(
                        db, sql: "SELECT key, completion, finish_reason FROM completions WHERE key IN (\(marks))",
                        arguments: args)
                    while let row = try rows.next() {
                        let key: Data = row[0]
                        found[CacheKey(bytes: Array(key))] = CachedCompletion(completion: row[1], finishReason: row[2])
                    }
                }
            }
        } catch {
            throw .cache(path: path.path, message: "lookup failed: \(error)")
        }
        return found
    }

    /// Stores `entries` in one durable transaction (existing keys are kept as they are).
    public func store(_ entries: [CacheEntry]) throws(TeacherError) {
        guard !entries.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        do {
            try pool.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT OR IGNORE INTO completions (key, completion, finish_reason, model, origin, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """)
                for e in entries {
                    try statement.execute(arguments: [Data(e.key.bytes), e.completion, e.finishReason, e.model, e.origin, now])
                }
            }
        } catch {
            throw .cache(path: path.path, message: "write failed: \(error)")
        }
    }

    /// Counts of what the cache holds.
    public func stats() throws(TeacherError) -> CacheStats {
        do {
            return try pool.read { db in
                var stats = CacheStats()
                stats.entries = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM completions") ?? 0
                stats.completionBytes = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(LENGTH(CAST(completion AS BLOB))), 0) FROM completions") ?? 0
                for row in try Row.fetchAll(db, sql: "SELECT model, COUNT(*) FROM completions GROUP BY model ORDER BY model") {
                    stats.byModel.append((row[0], row[1]))
                }
                for row in try Row.fetchAll(db, sql: "SELECT origin, COUNT(*) FROM completions GROUP BY origin ORDER BY origin") {
                    stats.byOrigin.append((row[0], row[1]))
                }
                for row in try Row.fetchAll(db, sql: "SELECT COALESCE(finish_reason, 'none'), COUNT(*) FROM completions GROUP BY 1 ORDER BY 1") {
                    stats.byFinishReason.append((row[0], row[1]))
                }
                stats.oldest = try Double.fetchOne(db, sql: "SELECT MIN(created_at) FROM completions")
                stats.newest = try Double.fetchOne(db, sql: "SELECT MAX(created_at) FROM completions")
                return stats
            }
        } catch {
            throw .cache(path: path.path, message: "cannot read stats: \(error)")
        }
    }
}

/// What `stepwise teacher cache stats` prints.
public struct CacheStats: Sendable {
    public var entries = 0
    /// UTF-8 bytes of all completions.
    public var completionBytes = 0
    public var byModel: [(String, Int)] = []
    public var byOrigin: [(String, Int)] = []
    public var byFinishReason: [(String, Int)] = []
    /// Seconds since 1970 of the first and last write.
    public var oldest: Double?
    public var newest: Double?
}

