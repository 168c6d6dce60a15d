import Foundation
import PropertyBased
import Testing

import StepwiseTokenizer

/// Invariants of `encode` on generated input (PropertyBased; a failure prints the seed to
/// reproduce it with `.fixedSeed(...)`): any bytes or text give ids inside the vocabulary
/// that end as asked; the same ids with a session (cold or warm) as without one; the same
/// ids every time and from every load of the model.
@Suite struct TokenizerPropertyTests {
    static let files = ["sample-tokenizer.json", "sample.model", "sample-tokenizer-prepend-first.json", "repeats-tokenizer.json"]

    /// Loaded once for the suite; `SentencePieceTokenizer` is immutable and Sendable.
    static let tokenizers: [String: SentencePieceTokenizer] = Dictionary(
        uniqueKeysWithValues: files.compactMap { file in (try? TokenizerFixtures.load(file)).map { (file, $0) } })

    // MARK: Generators

    /// Arbitrary bytes, most of them not valid UTF-8, read as a `String` does (U+FFFD).
    static let bytes = Gen<UInt8>.value(in: 0...255).array(of: 0...300).map { String(decoding: $0, as: UTF8.self) }

    /// Pieces of the text the pipeline sees and of what breaks tokenizers.
    static let fragments: [String] = [
        "the", "The", " answer", " is", "So", "predict: ", "explain: ", "entailment", "42", "3.14", "don't",
        " ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{2009}", "\u{3000}", "\u{200B}", "\u{FEFF}",
        "</s>", "<pad>", "<unk>", "<extra_id_5>", "<extra_id_0>", "<s>", "</", "s>", "<", ">",
        "-", "---", "=", "===", "*", "**", "_", ".", "...", "|", "|---|", "#", "+", "/", "\\", "~",
        "0", "1", "11", "5", "555", "9", "é", "e\u{0301}", "ß", "ﬁ", "Ｆ", "①", "½",
        "Привет", "Γειά", "你好", "漢字", "ｶﾀｶﾅ", "مرحبا", "नमस्ते", "한국어", "שלום",
        "😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇩🇪", "1️⃣", "\u{0301}", "\u{0308}", "\u{FFFD}", "\u{10FFFD}", "\u{1}",
        "▁", "▁▁", "a▁b",
    ]

    /// Texts made of those fragments.
    static let texts = Gen<String?>.element(of: fragments).map { $0! }.array(of: 0...60).map { $0.joined() }

    /// One character or unit repeated 1–200 times, optionally inside a sentence.
    static let repeats = zip(
        Gen<String?>.element(of: ["-", "=", "*", "_", ".", "~", "#", "|", "+", "/", "5", "1", "a", " ", "\n", "|---", "-=", "** ", "—", "😀"]).map { $0! },
        Gen.int(in: 1...200), Gen.bool()
    ).map { unit, count, inSentence in
        let run = String(repeating: unit, count: count)
        return inSentence ? "A table:\n\(run)\nend" : run
    }

    /// Scalars from anywhere in Unicode (surrogates excluded by construction).
    static let scalars = Gen<UInt32>.value(in: 1...0x10FFFF).compactMap { Unicode.Scalar($0) }.array(of: 0...80)
        .map { String(String.UnicodeScalarView($0)) }

    // MARK: Properties

    static func checkIDs(_ text: String, _ tokenizer: SentencePieceTokenizer, file: String) {
        let size = Int32(tokenizer.vocabularySize)
        let ids = tokenizer.encode(text)
        #expect(ids.allSatisfy { $0 >= 0 && $0 < size }, "\(file): id outside 0..<\(size) for \(text.debugDescription)")
        #expect(ids.last == tokenizer.eosID, "\(file): no EOS at the end for \(text.debugDescription)")
        let bare = tokenizer.encode(text, addEOS: false)
        #expect(bare == Array(ids.dropLast()), "\(file): addEOS: false is not the ids without EOS")
        for limit in [1, 2, 7] {
            let cut = tokenizer.encode(text, maxLength: limit)
            #expect(cut.count == min(limit, ids.count) && cut.last == tokenizer.eosID,
                    "\(file): maxLength \(limit) gave \(cut) for \(text.debugDescription)")
            #expect(cut.dropLast() == ids.prefix(cut.count - 1))
        }
    }

    @Test(arguments: files)
    func anyBytesGiveIDsInTheVocabularyEndingInEOS(file: String) async throws {
        let tokenizer = try #require(Self.tokenizers[file])
        await propertyCheck(count: 150, input: Self.bytes) { Self.checkIDs($0, tokenizer, file: file) }
        await propertyCheck(count: 150, input: Self.scalars) { Self.checkIDs($0, tokenizer, file: file) }
        await propertyCheck(count: 150, input: Self.texts) { Self.checkIDs($0, tokenizer, file: file) }
        await propertyCheck(count: 100, input: Self.repeats) { Self.checkIDs($0, tokenizer, file: file) }
    }

    @Test(arguments: files)
    func sessionsGiveTheIDsOfNoSessionColdAndWarm(file: String) async throws {
        let tokenizer = try #require(Self.tokenizers[file])
        let warm = EncodingSession()  // shared by every generated input: words from earlier inputs are cached
        let tiny = EncodingSession(capacity: 4)  // empties itself again and again
        let check = { (text: String) in
            let expected = tokenizer.encode(text)
            #expect(tokenizer.encode(text, session: EncodingSession()) == expected, "\(file) cold: \(text.debugDescription)")
            #expect(tokenizer.encode(text, session: warm) == expected, "\(file) warm: \(text.debugDescription)")
            #expect(tokenizer.encode(text, session: warm) == expected, "\(file) warm again: \(text.debugDescription)")
            #expect(tokenizer.encode(text, session: tiny) == expected, "\(file) tiny cache: \(text.debugDescription)")
            let prefixed = tokenizer.encode(text, prefixes: ["predict: ", "explain: "], session: warm)
            #expect(prefixed == [tokenizer.encode("predict: " + text), tokenizer.encode("explain: " + text)],
                    "\(file) shared prefixes: \(text.debugDescription)")
        }
        await propertyCheck(count: 150, input: Self.texts) { check($0) }
        await propertyCheck(count: 100, input: Self.repeats) { check($0) }
        await propertyCheck(count: 100, input: Self.bytes) { check($0) }
    }

    @Test(arguments: files)
    func deterministicAcrossCallsAndLoads(file: String) async throws {
        let tokenizer = try #require(Self.tokenizers[file])
        let reloaded = try TokenizerFixtures.load(file)
        await propertyCheck(count: 150, input: Self.texts) { text in
            let ids = tokenizer.encode(text)
            #expect(tokenizer.encode(text) == ids)
            #expect(reloaded.encode(text) == ids, "\(file): another load disagrees on \(text.debugDescription)")
        }
    }
}
