import Foundation
import StepwiseCore
import StepwiseShards
import StepwiseTokenizer

/// The samples of one split as ``TextRecord``s, in shard order, one shard in memory at a
/// time. Text comes from the text columns when the run kept them (`output.text_columns`),
/// else from the token columns decoded with the run's tokenizer, the task prefix removed.
public struct KeptRecords: Sequence, IteratorProtocol {
    let split: String
    private var cursors: [ShardCursor]
    private let tokenizer: SentencePieceTokenizer?
    private let labelPrefix: String
    private let rationalePrefix: String
    /// Decode only the labels (what a confusion matrix needs), leaving input and rationale empty.
    public var labelsOnly = false

    /// Reads `root/<split>` (its rank folders in rank order when partitioned and not merged).
    public init(root: URL, split: String, tokenizer: SentencePieceTokenizer?, labelPrefix: String, rationalePrefix: String) throws {
        let dir = root.appendingPathComponent(split, isDirectory: true)
        let fm = FileManager.default
        var dirs: [URL] = []
        if fm.fileExists(atPath: dir.appendingPathComponent("index.json").path) {
            dirs = [dir]
        } else {
            dirs = ShardDirectory.rankFolders(in: dir).map(\.url)
                .filter { fm.fileExists(atPath: $0.appendingPathComponent("index.json").path) }
        }
        self.split = split
        self.cursors = try dirs.reversed().map { try ShardReader(directory: $0).samples() }
        self.tokenizer = tokenizer
        self.labelPrefix = labelPrefix
        self.rationalePrefix = rationalePrefix
    }

    /// The next sample; throws on a damaged shard.
    public mutating func nextRecord() throws -> TextRecord? {
        while let last = cursors.indices.last {
            if let sample = try cursors[last].next() { return record(sample) }
            cursors.removeLast()
        }
        return nil
    }

    /// `nextRecord()`, ending the sequence at the first damaged shard (use ``nextRecord()``
    /// to see the error).
    public mutating func next() -> TextRecord? { (try? nextRecord()) ?? nil }

    private func record(_ s: ShardSample) -> TextRecord {
        TextRecord(
            split: split, id: s.id ?? "",
            input: labelsOnly ? "" : s.string("input") ?? strip(labelPrefix, decoded(s.tokens("input_ids"))),
            rationale: labelsOnly ? "" : s.string("rationale") ?? decoded(s.tokens("aux_labels")),
            teacherLabel: s.string("teacher_label") ?? decoded(s.tokens("teacher_labels")),
            label: s.string("label") ?? decoded(s.tokens("labels")), reason: nil)
    }

    /// The text of a token column, without its closing EOS (an NLI input's inner `</s>` stays).
    private func decoded(_ ids: [Int32]?) -> String {
        guard var ids, let tokenizer else { return "" }
        if ids.last == tokenizer.eosID { ids.removeLast() }
        return tokenizer.decode(ids, skipSpecialTokens: false)
    }

    private func strip(_ prefix: String, _ text: String) -> String {
        let trimmed = prefix.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, text.hasPrefix(trimmed) else { return text }
        return String(text.dropFirst(trimmed.count)).trimmingCharacters(in: .whitespaces)
    }
}
