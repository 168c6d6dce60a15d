import Foundation
import StepwiseTokenizer
import Testing

/// `encode(_:prefixes:)` must give exactly the ids of encoding each `prefix + text` — on
/// every fixture text, with every sample model (Metaspace always/first, added tokens), and
/// with prefixes the shortcut refuses.
@Suite struct SharedPrefixEncodingTests {
    static let models = [TokenizerFixtures.baseJSON, "sample.model"] + TokenizerFixtures.variantJSONs
    static let prefixSets: [[String]] = [
        ["predict: ", "explain: "],
        ["explain: ", "predict: "],
        ["a b: ", "c: "],
        ["predict:", "explain:"],          // no trailing space: not shared
        ["predict:  ", "explain: "],       // two spaces: not shared
        ["é: ", "explain: "],              // non-ASCII: not shared
        ["</s> ", "explain: "],            // an added token (in the newer files): not shared
    ]

    @Test(arguments: models)
    func sameIDsAsEncodingEachConcatenation(model: String) throws {
        let tokenizer = try TokenizerFixtures.load(model)
        let session = EncodingSession()
        var texts = try TokenizerFixtures.cases().map(\.text)
        texts += ["", " leading", "  two leading", "\u{301}combining first", "x</s>y", "Premise</s>Hyp"]
        for prefixes in Self.prefixSets {
            for text in texts {
                let shared = tokenizer.encode(text, prefixes: prefixes, session: session)
                let separate = prefixes.map { tokenizer.encode($0 + text) }
                #expect(shared == separate, "\(model): \(prefixes) + \(text.debugDescription)")
            }
        }
    }
}
