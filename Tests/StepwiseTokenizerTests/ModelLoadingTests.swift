import Crypto
import Foundation
import StepwiseCore
import Testing
@testable import StepwiseTokenizer

/// Loading both file formats, the special ids, the fingerprint, and clear errors for files
/// that are not unigram models.
@Suite struct ModelLoadingTests {
    @Test func bareModelAddsT5Sentinels() throws {
        let bare = try TokenizerFixtures.load("sample.model")
        let json = try TokenizerFixtures.load(TokenizerFixtures.baseJSON)
        #expect(bare.vocabularySize == 2100)
        #expect(json.vocabularySize == 2100)
        #expect((bare.padID, bare.eosID, bare.unkID) == (0, 1, 2))
        #expect((json.padID, json.eosID, json.unkID) == (0, 1, 2))
        #expect(bare.piece(for: 2099) == "<extra_id_0>")
        #expect(bare.piece(for: 2000) == "<extra_id_99>")
        #expect(bare.encode("<extra_id_5>", addEOS: false).last == 2094)
    }

    @Test func fingerprintIsStableAndDistinguishesFiles() throws {
        let first = try TokenizerFixtures.load("sample.model")
        let again = try TokenizerFixtures.load("sample.model")
        let json = try TokenizerFixtures.load(TokenizerFixtures.baseJSON)
        #expect(first.fingerprint == again.fingerprint)
        #expect(first.fingerprint != json.fingerprint)
        #expect(first.fingerprint.hasPrefix("sha256:") && first.fingerprint.count == 7 + 64)
    }

    @Test func fingerprintIsTheSHA256OfTheFile() throws {
        let model = try [UInt8](Data(contentsOf: TokenizerFixtures.url("sample.model")))
        let tokenizer = try TokenizerFixtures.load("sample.model")
        #expect(tokenizer.fingerprint == "sha256:" + SHA256.hex(model))
    }

    @Test func sha256KnownAnswers() {
        // FIPS 180-4 examples: one block, empty, and a message spanning two blocks.
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(Array(twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    private func loadError(_ bytes: [UInt8], name: String = "bad.model") -> TokenizerError? {
        do {
            _ = try SentencePieceTokenizer(data: Data(bytes), name: name)
            return nil
        } catch {
            return error
        }
    }

    @Test func rejectsFilesThatAreNeitherFormat() throws {
        let error = try #require(loadError(Array("hello, not a model".utf8), name: "notes.txt"))
        #expect(error.kind == .unrecognizedFormat)
        #expect(error.description.hasPrefix("notes.txt: "))
        #expect(loadError([])?.kind == .unrecognizedFormat)
    }

    @Test func rejectsTruncatedProtobuf() throws {
        let model = try [UInt8](Data(contentsOf: TokenizerFixtures.url("sample.model")))
        for length in [1, 7, model.count / 2, model.count - 3] {
            let error = try #require(loadError(Array(model.prefix(length)), name: "cut.model"))
            #expect(error.kind == .corrupt, "prefix of \(length) bytes: \(error)")
            #expect(error.description.contains("cut.model"))
        }
    }

    @Test func rejectsProtobufCutBetweenPieces() throws {
        let model = try [UInt8](Data(contentsOf: TokenizerFixtures.url("sample.model")))
        // Walk whole top-level `pieces` fields (tag 0x0A, one-byte length here) and cut after ten.
        var end = 0
        for _ in 0..<10 {
            #expect(model[end] == 0x0A)
            end += 2 + Int(model[end + 1])
        }
        let error = try #require(loadError(Array(model.prefix(end)), name: "cut.model"))
        #expect(error.kind == .corrupt)
        #expect(error.problem.contains("truncated"))
    }

    @Test func rejectsBPEAndWordModels() throws {
        // pieces { piece: "a" score: 0 } trainer_spec { model_type: BPE (2) } normalizer_spec {}
        let bpe: [UInt8] = [0x0A, 0x08, 0x0A, 0x01, 0x61, 0x15, 0, 0, 0, 0, 0x1A, 0x00, 0x12, 0x02, 0x18, 0x02]
        let error = try #require(loadError(bpe))
        #expect(error.kind == .unsupportedModel)
        #expect(error.problem.contains("only unigram"))
        let word = Array(bpe.dropLast()) + [0x03]
        #expect(loadError(word)?.kind == .unsupportedModel)
        let json = #"{"model": {"type": "BPE", "vocab": {}, "merges": []}}"#
        let jsonError = try #require(loadError(Array(json.utf8), name: "bpe.json"))
        #expect(jsonError.kind == .unsupportedModel)
        #expect(jsonError.description == "bpe.json: model type BPE: only Unigram models are supported")
    }

    @Test func rejectsUnsupportedComponents() throws {
        let json = #"""
            {"normalizer": {"type": "Lowercase"}, "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]]}}
            """#
        let error = try #require(loadError(Array(json.utf8), name: "lower.json"))
        #expect(error.kind == .unsupportedComponent)
        #expect(error.problem.contains("Lowercase"))
    }

    /// Found by the `tokenizer-json` fuzz target (Fuzz/Regressions/tokenizer-json): a
    /// one-piece vocabulary whose post-processor appends `</s>` as id 1, an id no piece has;
    /// every encoding then ended in an id outside the vocabulary.
    @Test func rejectsSpecialIDsOutsideTheVocabulary() throws {
        let json = #"""
            {"model": {"type": "Unigram", "unk_id": 0, "vocab": [["555", -13.2]]},
             "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": true},
             "post_processor": {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                                "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}}}}
            """#
        let error = try #require(loadError(Array(json.utf8), name: "tiny.json"))
        #expect(error.kind == .corrupt)
        #expect(error.description == "tiny.json: the EOS id 1 is outside the vocabulary of 1 ids")
        let unk = #"{"model": {"type": "Unigram", "unk_id": 5, "vocab": [["<pad>", 0.0], ["</s>", 0.0], ["a", -1.0]]}}"#
        #expect(try #require(loadError(Array(unk.utf8), name: "unk.json")).description == "unk.json: model.unk_id is missing or outside the vocabulary")
    }

    @Test func missingFileNamesThePath() throws {
        let url = URL(fileURLWithPath: "/nonexistent/spiece.model")
        do {
            _ = try SentencePieceTokenizer(contentsOf: url)
            Issue.record("loading a missing file succeeded")
        } catch let error as TokenizerError {
            #expect(error.kind == .unreadable)
            #expect(error.description.hasPrefix("/nonexistent/spiece.model: "))
        }
    }
}
