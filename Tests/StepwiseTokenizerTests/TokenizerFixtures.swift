import Foundation
import StepwiseTokenizer

/// The committed sample model and expected ids (`data/tokenizer`, written by
/// `scripts/tokenizer/make_sample_model.py` and `make_fixtures.py` with HF `tokenizers`).
enum TokenizerFixtures {
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/tokenizer")

    static let sharedTokenizers = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/tokenizers")

    /// The HF conversion of `sample.model` (no added tokens; `</s>` matched as a piece).
    static let baseJSON = "sample-tokenizer.json"
    /// The newer layout: specials in `added_tokens`, Metaspace prepend_scheme always / first.
    static let variantJSONs = ["sample-tokenizer-prepend-always.json", "sample-tokenizer-prepend-first.json"]

    struct Case: Sendable {
        let text: String
        let ids: [String: [Int32]]
        let truncated16: [String: [Int32]]
        let decoded: [String: String]
    }

    static func url(_ name: String) -> URL { dataDirectory.appendingPathComponent(name) }

    static func load(_ name: String) throws -> SentencePieceTokenizer {
        try SentencePieceTokenizer(contentsOf: url(name))
    }

    static func cases() throws -> [Case] {
        let text = try String(contentsOf: url("expected-ids.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            func ids(_ key: String) -> [String: [Int32]] {
                ((object[key] as? [String: [Int]]) ?? [:]).mapValues { $0.map { Int32($0) } }
            }
            return Case(
                text: object["text"] as? String ?? "", ids: ids("ids"), truncated16: ids("truncated16"),
                decoded: (object["decoded"] as? [String: String]) ?? [:])
        }
    }
}
