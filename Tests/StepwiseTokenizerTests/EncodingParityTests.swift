import Foundation
import Testing
import StepwiseTokenizer

/// Ids must equal HF `tokenizers` on the same file, for every fixture text (accents,
/// combining marks, full-width and compatibility forms, emoji, whitespace runs, `</s>` and
/// sentinels inside text, long texts, digits and punctuation).
@Suite struct EncodingParityTests {
    @Test(arguments: [TokenizerFixtures.baseJSON] + TokenizerFixtures.variantJSONs)
    func tokenizerJSONMatchesHF(file: String) throws {
        let tokenizer = try TokenizerFixtures.load(file)
        let cases = try TokenizerFixtures.cases()
        #expect(cases.count > 100)
        for testCase in cases {
            let expected = try #require(testCase.ids[file])
            #expect(tokenizer.encode(testCase.text) == expected, "text: \(testCase.text.debugDescription)")
        }
    }

    @Test func bareModelMatchesItsT5Conversion() throws {
        let bare = try TokenizerFixtures.load("sample.model")
        for testCase in try TokenizerFixtures.cases() {
            let expected = try #require(testCase.ids[TokenizerFixtures.baseJSON])
            #expect(bare.encode(testCase.text) == expected, "text: \(testCase.text.debugDescription)")
        }
    }

    @Test(arguments: [TokenizerFixtures.baseJSON] + TokenizerFixtures.variantJSONs)
    func truncationKeepsEOSLast(file: String) throws {
        let tokenizer = try TokenizerFixtures.load(file)
        for testCase in try TokenizerFixtures.cases() {
            let expected = try #require(testCase.truncated16[file])
            let ids = tokenizer.encode(testCase.text, maxLength: 16)
            #expect(ids == expected, "text: \(testCase.text.debugDescription)")
            #expect(ids.last == tokenizer.eosID)
        }
    }

    @Test func withoutEOSAndTruncated() throws {
        let tokenizer = try TokenizerFixtures.load(TokenizerFixtures.baseJSON)
        let text = String(repeating: "word ", count: 50)
        let full = tokenizer.encode(text, addEOS: false)
        #expect(full.last != tokenizer.eosID)
        #expect(tokenizer.encode(text, addEOS: false, maxLength: 7) == Array(full.prefix(7)))
        #expect(tokenizer.encode(text, maxLength: 1) == [tokenizer.eosID])
        #expect(tokenizer.tokenCount(text) == full.count + 1)
    }

    @Test func eosInsideTextIsTheEOSID() throws {
        let tokenizer = try TokenizerFixtures.load(TokenizerFixtures.baseJSON)
        let ids = tokenizer.encode("A man sleeps. </s> A man is awake.", addEOS: false)
        #expect(ids.contains(tokenizer.eosID))
        #expect(ids.filter { $0 == tokenizer.eosID }.count == 1)
    }
}
