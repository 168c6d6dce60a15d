import Foundation
import Testing

@testable import StepwiseTokenizer

/// The word cache and the session that holds it: ids with a session (cold, then warm) are
/// exactly the ids without one, and the table itself keeps words apart.
@Suite struct WordCacheTests {
    static let models = [TokenizerFixtures.baseJSON, "sample.model"] + TokenizerFixtures.variantJSONs

    /// Texts that take each pre-tokenizer path: plain ASCII (no normalizer copies), text the
    /// normalizers change, a literal `▁` in the text, runs of spaces, leading spaces.
    static let extraTexts = [
        "plain words repeated plain words", "Ｆｕｌｌ－ｗｉｄｔｈ and ligature ﬁ", "a▁b ▁c▁", "two  spaces   three",
        "  leading and trailing  ", "tab\tand\nnewline", "x</s>y z</s>", "",
    ]

    @Test(arguments: models)
    func sessionGivesTheIDsOfASessionlessEncode(model: String) throws {
        let tokenizer = try TokenizerFixtures.load(model)
        let texts = try TokenizerFixtures.cases().map(\.text) + Self.extraTexts
        let session = EncodingSession()
        for pass in 1...2 {  // cold cache, then every word from the cache
            for text in texts {
                let expected = tokenizer.encode(text)
                #expect(tokenizer.encode(text, session: session) == expected, "\(model) pass \(pass): \(text.debugDescription)")
            }
        }
        #expect(session.cachedWords > 0)
    }

    @Test("expected HF ids come out of a warm session")
    func warmSessionMatchesHF() throws {
        let tokenizer = try TokenizerFixtures.load(TokenizerFixtures.baseJSON)
        let cases = try TokenizerFixtures.cases()
        let session = EncodingSession()
        for _ in 0..<2 {
            for c in cases {
                guard let expected = c.ids[TokenizerFixtures.baseJSON] else { continue }
                #expect(tokenizer.encode(c.text, session: session) == expected, "\(c.text.debugDescription)")
            }
        }
    }

    @Test("a session handed to another model starts over instead of reusing the first one's ids")
    func sessionFollowsTheModel() throws {
        let first = try TokenizerFixtures.load(TokenizerFixtures.baseJSON)
        let second = try TokenizerFixtures.load("sample-tokenizer-prepend-first.json")
        let session = EncodingSession()
        let text = "x</s>y words</s> and more words"
        _ = first.encode(text, session: session)
        #expect(second.encode(text, session: session) == second.encode(text))
        #expect(first.encode(text, session: session) == first.encode(text))
    }

    @Test("a tiny cache empties itself when full and keeps answering correctly")
    func capacityResets() throws {
        let tokenizer = try TokenizerFixtures.load("sample.model")
        let session = EncodingSession(capacity: 3)
        let text = "one two three four five six seven"
        for _ in 0..<3 { #expect(tokenizer.encode(text, session: session) == tokenizer.encode(text)) }
        #expect(session.cachedWords <= 3)
    }

    @Test("words with equal hashes are told apart by their bytes and marker")
    func collisions() {
        var cache = WordCache(capacity: 100)
        let hash: UInt64 = 0x1235  // forced: every word below lands on the same slot chain
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        for (marked, word, ids) in [(false, "ab", [Int32(1)]), (true, "ab", [2, 3]), (false, "ba", [4]), (true, "", [5])] {
            bytes(word).withUnsafeBufferPointer { rest in
                [Int32](ids).withUnsafeBufferPointer { cache.insert(marked: marked, rest: rest, hash: hash, ids: $0) }
            }
        }
        func look(_ marked: Bool, _ word: String) -> [Int32]? {
            var out: [Int32] = [9]
            let found = bytes(word).withUnsafeBufferPointer { cache.lookup(marked: marked, rest: $0, hash: hash, into: &out) }
            return found ? Array(out.dropFirst()) : nil
        }
        #expect(look(false, "ab") == [1])
        #expect(look(true, "ab") == [2, 3])
        #expect(look(false, "ba") == [4])
        #expect(look(true, "") == [5])
        #expect(look(false, "") == nil)
        #expect(look(true, "ba") == nil)
        #expect(cache.count == 4)
    }

    @Test("a full cache keeps the words still in use and lets the others go")
    func generations() {
        var cache = WordCache(capacity: 2)
        func insert(_ word: String, _ id: Int32) {
            Array(word.utf8).withUnsafeBufferPointer { rest in
                [id].withUnsafeBufferPointer { cache.insert(marked: true, rest: rest, hash: WordCache.key(marked: true, rest: rest), ids: $0) }
            }
        }
        func look(_ word: String) -> [Int32]? {
            var out: [Int32] = []
            let found = Array(word.utf8).withUnsafeBufferPointer {
                cache.lookup(marked: true, rest: $0, hash: WordCache.key(marked: true, rest: $0), into: &out)
            }
            return found ? out : nil
        }
        insert("a", 1)
        insert("b", 2)
        insert("c", 3)  // full: a and b become the previous generation
        #expect(cache.count == 1)
        #expect(look("a") == [1])  // found there, and copied into the current one
        #expect(cache.count == 2)
        insert("d", 4)  // full again: b, never used since, is gone
        #expect(look("b") == nil)
        #expect(look("a") == [1])
        #expect(look("c") == [3])
        #expect(look("d") == [4])
    }

    @Test("the table grows past its first size without losing words")
    func growth() {
        var cache = WordCache(capacity: 10_000)
        for i in 0..<5_000 {
            let word = Array("w\(i)".utf8)
            word.withUnsafeBufferPointer { rest in
                [Int32(i)].withUnsafeBufferPointer {
                    cache.insert(marked: i % 2 == 0, rest: rest, hash: WordCache.key(marked: i % 2 == 0, rest: rest), ids: $0)
                }
            }
        }
        for i in stride(from: 0, to: 5_000, by: 7) {
            var out: [Int32] = []
            let word = Array("w\(i)".utf8)
            let found = word.withUnsafeBufferPointer {
                cache.lookup(marked: i % 2 == 0, rest: $0, hash: WordCache.key(marked: i % 2 == 0, rest: $0), into: &out)
            }
            #expect(found && out == [Int32(i)], "w\(i)")
        }
    }
}
