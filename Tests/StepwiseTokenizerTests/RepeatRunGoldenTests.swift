import Foundation
import Testing

@testable import StepwiseTokenizer

/// Issue 13: Viterbi ties on long repeats (`---`, `====`, `55555`) break as in HF
/// `tokenizers`. Golden ids and HF's scores from `data/tokenizer/repeat-runs.jsonl`, written
/// by `scripts/tokenizer/make_repeat_runs.py` for the sample model and for
/// `repeats-tokenizer.json` (T5's repeat pieces and scores, where T5's ties flip).
@Suite struct RepeatRunGoldenTests {
    struct Runs: Sendable {
        let unit: String
        let tail: String
        /// Run-length encoded ids of `unit * n + tail` for n = 1, 2, …
        let ids: [[[Int]]]
    }

    struct Golden: Sendable {
        var scoreBits: [String: [UInt64]] = [:]
        var runs: [String: [Runs]] = [:]
    }

    static let golden: Golden = {
        var golden = Golden()
        let text = (try? String(contentsOf: TokenizerFixtures.url("repeat-runs.jsonl"), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let model = object["model"] as? String
            else { continue }
            if let scores = object["scores"] as? [String] {
                golden.scoreBits[model] = scores.compactMap { UInt64($0, radix: 16) }
            } else if let unit = object["unit"] as? String, let ids = object["ids"] as? [[[Int]]] {
                golden.runs[model, default: []].append(Runs(unit: unit, tail: object["tail"] as? String ?? "", ids: ids))
            }
        }
        return golden
    }()

    /// Each model file, with the file whose golden ids it must give.
    static let models: [(file: String, golden: String)] = [
        ("sample-tokenizer.json", "sample-tokenizer.json"), ("sample.model", "sample-tokenizer.json"),
        ("repeats-tokenizer.json", "repeats-tokenizer.json"),
    ]

    static func runLengths(_ ids: [Int32]) -> [[Int]] {
        var out: [[Int]] = []
        for id in ids {
            if let last = out.last, last[0] == Int(id) { out[out.count - 1][1] += 1 } else { out.append([Int(id), 1]) }
        }
        return out
    }

    static func definition(_ file: String) throws -> TokenizerDefinition {
        let data = try Data(contentsOf: TokenizerFixtures.url(file))
        return file.hasSuffix(".json")
            ? try TokenizerJSONLoader.load(data, file: file) : try SentencePieceModelLoader.load([UInt8](data), file: file)
    }

    @Test func goldenFileIsComplete() {
        #expect(Self.golden.scoreBits.keys.sorted() == ["repeats-tokenizer.json", "sample-tokenizer.json"])
        #expect(Self.golden.runs["sample-tokenizer.json"]?.count ?? 0 >= 20)
        #expect(Self.golden.runs["repeats-tokenizer.json"]?.count ?? 0 >= 20)
    }

    @Test("scores are HF's to the bit", arguments: models)
    func scoresAreHFs(model: (file: String, golden: String)) throws {
        let expected = try #require(Self.golden.scoreBits[model.golden])
        let scores = try Self.definition(model.file).scores
        #expect(scores.count == expected.count)
        let differing = zip(scores, expected).enumerated().filter { $0.element.0.bitPattern != $0.element.1 }
        #expect(differing.isEmpty, "\(model.file): \(differing.count) scores differ, first at id \(differing.first?.offset ?? -1)")
    }

    @Test("repeat runs give HF's ids, with and without a word cache", arguments: models)
    func repeatRunsMatchHF(model: (file: String, golden: String)) throws {
        let tokenizer = try TokenizerFixtures.load(model.file)
        let runs = try #require(Self.golden.runs[model.golden])
        let session = EncodingSession()
        var checked = 0
        for pass in 1...2 {  // cold word cache, then warm
            for run in runs {
                for (index, expected) in run.ids.enumerated() {
                    let text = String(repeating: run.unit, count: index + 1) + run.tail
                    let plain = Self.runLengths(tokenizer.encode(text))
                    #expect(plain == expected, "\(model.file): \(text.debugDescription)")
                    #expect(Self.runLengths(tokenizer.encode(text, session: session)) == expected,
                            "\(model.file) session pass \(pass): \(text.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked > 2 * 3000)
    }
}
