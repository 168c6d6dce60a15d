import Foundation
import StepwisePipeline
import StepwiseTokenizer

/// The tokenizer a run's ids were made with: `--tokenizer` when given, else the run's copy
/// in `OUT/tokenizer/`, else the model `run.json` names.
public enum RunTokenizer {
    public static func load(root: URL, record: RunRecord, override: String? = nil) throws -> SentencePieceTokenizer {
        if let override { return try SentencePieceTokenizer(contentsOf: URL(fileURLWithPath: override)) }
        let named = record.config["tokenizer"]?["path"]?.stringValue
        var candidates: [URL] = []
        if let named {
            candidates.append(root.appendingPathComponent("tokenizer").appendingPathComponent(URL(fileURLWithPath: named).lastPathComponent))
            candidates.append(URL(fileURLWithPath: named))
        }
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw ReportError.noTokenizer(path: root.appendingPathComponent("tokenizer").path)
        }
        return try SentencePieceTokenizer(contentsOf: url)
    }
}
