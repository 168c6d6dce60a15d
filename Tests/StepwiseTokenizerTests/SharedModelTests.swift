import Foundation
import Testing

@testable import StepwiseTokenizer

private let t5Model = TokenizerFixtures.sharedTokenizers.appendingPathComponent("t5-spiece.model")
private let t5JSON = TokenizerFixtures.sharedTokenizers.appendingPathComponent("t5-tokenizer.json")
private let sharedPresent = FileManager.default.fileExists(atPath: t5Model.path)
    && FileManager.default.fileExists(atPath: t5JSON.path)

/// Spot checks on the real T5 vocabulary (`../shared/tokenizers`), skipped when absent;
/// the full check over the corpora is scripts/tokenizer/check_parity.py.
@Suite(.enabled(if: sharedPresent, "../shared/tokenizers/t5-spiece.model and t5-tokenizer.json are not present"))
struct SharedModelTests {
    @Test(arguments: [t5Model, t5JSON])
    func t5ReferenceBehaviour(url: URL) throws {
        let tokenizer = try SentencePieceTokenizer(contentsOf: url)
        #expect(tokenizer.vocabularySize == 32100)
        let premise = tokenizer.encode("Premise</s>Hyp")
        #expect(premise.map { tokenizer.piece(for: $0) ?? "?" } == ["▁Pre", "mise", "</s>", "H", "y", "p", "</s>"])
        let sentinel = tokenizer.encode("x <extra_id_5>y")
        #expect(sentinel.map { tokenizer.piece(for: $0) ?? "?" } == ["▁", "x", "▁", "<extra_id_5>", "y", "</s>"])
        #expect(tokenizer.encode("predict: A man </s> A woman") == [9689, 10, 71, 388, 3, 1, 71, 2335, 1])
        #expect(tokenizer.encode("€ €€ 😀") == [3416, 3416, 3378, 3, 2, 1])
    }

    /// A bare model holds the scores of its published tokenizer.json as HF reads them, to the
    /// bit (`SerdeJSONFloat.writtenAndReread`), so both files break Viterbi ties alike.
    @Test(arguments: [("t5-spiece.model", "t5-tokenizer.json"), ("legal-t5-spiece.model", "legal-t5-tokenizer.json")])
    func bareModelScoresAreItsTokenizerJSONs(model: String, json: String) throws {
        let modelURL = TokenizerFixtures.sharedTokenizers.appendingPathComponent(model)
        let jsonURL = TokenizerFixtures.sharedTokenizers.appendingPathComponent(json)
        guard FileManager.default.fileExists(atPath: modelURL.path), FileManager.default.fileExists(atPath: jsonURL.path) else {
            return
        }
        let bare = try SentencePieceModelLoader.load([UInt8](Data(contentsOf: modelURL)), file: model).scores
        let published = try TokenizerJSONLoader.load(Data(contentsOf: jsonURL), file: json).scores
        #expect(bare.count == published.count)
        let differing = zip(bare, published).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(model): \(differing) scores differ from \(json)'s")
    }

    /// Issue 13: tie-breaks on long repeats, ids from HF `tokenizers` 0.22.2 on t5-tokenizer.json.
    @Test(arguments: [t5Model, t5JSON])
    func repeatRunsBreakTiesAsHF(url: URL) throws {
        let tokenizer = try SentencePieceTokenizer(contentsOf: url)
        #expect(tokenizer.encode(String(repeating: "-", count: 10)) == [3, 14817, 14817, 18, 14817, 1])
        let seventy = tokenizer.encode(String(repeating: "-", count: 70))
        #expect(seventy == [3, 14817, 14817, 18] + Array(repeating: 14817, count: 21) + [1])
    }
}
