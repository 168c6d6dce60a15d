import Testing
import StepwiseTokenizer

/// Decoding ids back to text, as HF's Metaspace decoder does.
@Suite struct DecodingTests {
    /// The base file declares no added tokens, so HF treats nothing as special there and its
    /// fixture text keeps `</s>`: compare with `skipSpecialTokens: false`. The variants declare
    /// the specials, so HF's skip_special_tokens=True matches ours.
    @Test(arguments: [TokenizerFixtures.baseJSON] + TokenizerFixtures.variantJSONs)
    func decodeMatchesHF(file: String) throws {
        let tokenizer = try TokenizerFixtures.load(file)
        let skip = file != TokenizerFixtures.baseJSON
        for testCase in try TokenizerFixtures.cases() {
            let ids = try #require(testCase.ids[file])
            let expected = try #require(testCase.decoded[file])
            #expect(tokenizer.decode(ids, skipSpecialTokens: skip) == expected, "text: \(testCase.text.debugDescription)")
        }
    }

    @Test func skipsSpecialTokensByDefault() throws {
        let tokenizer = try TokenizerFixtures.load("sample.model")
        let ids = tokenizer.encode("Two dogs run. </s> Animals run.") + [tokenizer.padID, tokenizer.padID]
        // The space before `</s>` is a `▁` token of its own, so two spaces remain (as in HF).
        #expect(tokenizer.decode(ids) == "Two dogs run.  Animals run.")
        #expect(tokenizer.decode(ids, skipSpecialTokens: false).hasSuffix("</s><pad><pad>"))
    }

    @Test func piecesAndOutOfRangeIDs() throws {
        let tokenizer = try TokenizerFixtures.load("sample.model")
        #expect(tokenizer.piece(for: tokenizer.eosID) == "</s>")
        #expect(tokenizer.piece(for: tokenizer.padID) == "<pad>")
        #expect(tokenizer.piece(for: tokenizer.unkID) == "<unk>")
        #expect(tokenizer.piece(for: Int32(tokenizer.vocabularySize - 1)) == "<extra_id_0>")
        #expect(tokenizer.piece(for: -1) == nil)
        #expect(tokenizer.piece(for: Int32(tokenizer.vocabularySize)) == nil)
        #expect(tokenizer.decode([-5, 999_999]) == "")
    }
}
