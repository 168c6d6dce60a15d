import Foundation
import GRDB
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseTeacher

struct CompletionCacheTests {
    func key(_ s: String) -> CacheKey {
        CacheKey(prompt: .text(s), options: OpenAITeacherOptions(baseURL: URL(string: "http://x/v1")!, model: "m"))
    }

    @Test("stored completions survive reopening; the first answer for a key is kept")
    func storeAndReopen() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite")
        do {
            let cache = try CompletionCache(path: path)
            try cache.store([
                CacheEntry(key: key("a"), completion: "A", finishReason: "stop", model: "m", origin: "request"),
                CacheEntry(key: key("b"), completion: "B", finishReason: "length", model: "m", origin: "batch"),
            ])
            try cache.store([CacheEntry(key: key("a"), completion: "A2", finishReason: nil, model: "m", origin: "request")])
        }
        let cache = try CompletionCache(path: path)
        let found = try cache.lookup([key("a"), key("b"), key("c")])
        #expect(found[key("a")] == CachedCompletion(completion: "A", finishReason: "stop"))
        #expect(found[key("b")] == CachedCompletion(completion: "B", finishReason: "length"))
        #expect(found[key("c")] == nil)
        let stats = try cache.stats()
        #expect(stats.entries == 2)
        #expect(stats.byOrigin.map(\.0) == ["batch", "request"])
        #expect(stats.byFinishReason.map(\.0) == ["length", "stop"])
        // WAL mode with full synchronous commits.
        let mode = try cache.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let sync = try cache.pool.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        #expect(sync == 2)
    }

    @Test("lookups of more keys than one statement takes")
    func manyKeys() throws {
        let cache = try CompletionCache(path: try temporaryDirectory().appendingPathComponent("c.sqlite"))
        let entries = (0..<1234).map { CacheEntry(key: key("p\($0)"), completion: "c\($0)", finishReason: nil, model: "m", origin: "request") }
        try cache.store(entries)
        let found = try cache.lookup((0..<1300).map { key("p\($0)") })
        #expect(found.count == 1234)
        #expect(found[key("p1000")]?.completion == "c1000")
    }
}
