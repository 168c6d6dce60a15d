import Foundation
import GRDB
import StepwiseCore

/// A completion the cache holds.
public struct CachedCompletion: Sendable, Hashable {
    public var completion: String
    public var finishReason: String?
    /// What the completion cost when it was asked for; `nil` for rows stored before usage
    /// was kept, or imported without it.
    public var usage: TokenUsage?
    public init(completion: String, finishReason: String?, usage: TokenUsage? = nil) {
        self.completion = completion
        self.finishReason = finishReason
        self.usage = usage
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
    /// Its tokens (one completion; `estimatedCompletions` 1 when estimated).
    public var usage: TokenUsage?

    public init(
        key: CacheKey, completion: String, finishReason: String?, model: String, origin: String, usage: TokenUsage? = nil
    ) {
        self.key = key
        self.completion = completion
        self.finishReason = finishReason
        self.model = model
        self.origin = origin
        self.usage = usage
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
/// The file holds only keys (hashes), completions, finish reasons, token usage, the model
/// name, the origin and a timestamp — never a prompt's secrets or the API key. Files from
/// before usage was kept gain its columns (empty for their rows) when opened.
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
                let columns = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(completions)").map { $0["name"] as String })
                for column in Self.usageColumns where !columns.contains(column) {
                    try db.execute(sql: "ALTER TABLE completions ADD COLUMN \(column) INTEGER")
                }
            }
        } catch {
            throw .cache(path: path.path, message: "cannot open: \(error)")
        }
    }

    /// Per completion: prompt, completion and cached prompt tokens, and 1 when estimated.
    static let usageColumns = ["prompt_tokens", "completion_tokens", "cached_tokens", "usage_estimated"]

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
                        db,
                        sql: """
                            SELECT key, completion, finish_reason, prompt_tokens, completion_tokens, cached_tokens,
                                usage_estimated FROM completions WHERE key IN (\(marks))
                            """,
                        arguments: args)
                    while let row = try rows.next() {
                        let key: Data = row[0]
                        var usage: TokenUsage?
                        if let prompt: Int = row[3], let completion: Int = row[4] {
                            let estimated: Int = row[6] ?? 0
                            usage = TokenUsage(
                                promptTokens: prompt, completionTokens: completion, cachedPromptTokens: row[5] ?? 0,
                                completions: 1, estimatedCompletions: estimated != 0 ? 1 : 0)
                        }
                        found[CacheKey(bytes: Array(key))] = CachedCompletion(
                            completion: row[1], finishReason: row[2], usage: usage)
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
                        INSERT OR IGNORE INTO completions (key, completion, finish_reason, model, origin, created_at,
                            prompt_tokens, completion_tokens, cached_tokens, usage_estimated)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for e in entries {
                    try statement.execute(arguments: [
                        Data(e.key.bytes), e.completion, e.finishReason, e.model, e.origin, now, e.usage?.promptTokens,
                        e.usage?.completionTokens, e.usage?.cachedPromptTokens,
                        e.usage.map { $0.estimatedCompletions > 0 ? 1 : 0 },
                    ])
                }
            }
        } catch {
            throw .cache(path: path.path, message: "write failed: \(error)")
        }
    }

    /// Copies every completion of the cache at `source` that this one lacks, in one
    /// transaction; returns how many were added and how many this cache held already.
    public func merge(from source: URL) throws(TeacherError) -> (added: Int, present: Int) {
        let other = try CompletionCache(path: source)
        var added = 0
        var present = 0
        do {
            try other.pool.read { input in
                try pool.write { db in
                    let insert = try db.cachedStatement(
                        sql: """
                            INSERT OR IGNORE INTO completions (key, completion, finish_reason, model, origin, created_at,
                                prompt_tokens, completion_tokens, cached_tokens, usage_estimated)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    let rows = try Row.fetchCursor(
                        input,
                        sql: """
                            SELECT key, completion, finish_reason, model, origin, created_at, prompt_tokens,
                                completion_tokens, cached_tokens, usage_estimated FROM completions
                            """)
                    while let row = try rows.next() {
                        try insert.execute(arguments: StatementArguments((0..<10).map { row[$0] as DatabaseValue }))
                        if db.changesCount > 0 { added += 1 } else { present += 1 }
                    }
                }
            }
        } catch {
            throw .cache(path: path.path, message: "merge from \(source.path) failed: \(error)")
        }
        return (added, present)
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
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0),
                            COALESCE(SUM(cached_tokens), 0), COUNT(prompt_tokens), COALESCE(SUM(usage_estimated), 0)
                        FROM completions
                        """)
                {
                    stats.usage = TokenUsage(
                        promptTokens: row[0], completionTokens: row[1], cachedPromptTokens: row[2], completions: row[3],
                        estimatedCompletions: row[4])
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
    /// Tokens of the completions stored with their usage (`completions` of them).
    public var usage = TokenUsage()
    /// Seconds since 1970 of the first and last write.
    public var oldest: Double?
    public var newest: Double?
}

