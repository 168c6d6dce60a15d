import Testing

@testable import StepwiseTokenizer

/// Finding `model.vocab`'s score texts in raw tokenizer.json bytes.
@Suite struct TokenizerJSONScoresTests {
    static func read(_ json: String) -> [Double]? {
        var bytes = Array(json.utf8)
        return bytes.withUnsafeMutableBufferPointer { TokenizerJSONScores.read(UnsafeBufferPointer($0)) }
    }

    @Test func findsTheModelsVocabPastOtherMembers() {
        let json = """
            { "version": "1.0", "added_tokens": [{"content": "\\"]}vocab", "id": 1}],
              "normalizer": {"vocab": [["decoy", 5.0]], "s": "a\\\\"},
              "model" : { "type": "Unigram", "unk_id": 0, "byte_fallback": false,
                "vocab" : [ ["<unk>", 0], ["\\"a\\"", -12.130167007446289] ,["b", -1.5E+2],
                            ["c", -1e-05] ] } }
            """
        let scores = Self.read(json)
        #expect(scores?.map(\.bitPattern) == [0, 0xc028_42a5_3fff_ffff, (-150.0).bitPattern, (-1e-05).bitPattern])
    }

    @Test func emptyVocabAndWrongShapes() {
        #expect(Self.read(#"{"model": {"vocab": []}}"#) == [])
        #expect(Self.read(#"{"model": {"vocab": [["a", "-1.0"]]}}"#) == nil)
        #expect(Self.read(#"{"model": {"vocab": [["a", -1.0, 3]]}}"#) == nil)
        #expect(Self.read(#"{"model": {"vocab": [["a", true]]}}"#) == nil)
        #expect(Self.read(#"{"model": {"type": "Unigram"}}"#) == nil)
        #expect(Self.read(#"{"other": {"vocab": [["a", -1.0]]}}"#) == nil)
        #expect(Self.read(#"[1, 2]"#) == nil)
    }
}
