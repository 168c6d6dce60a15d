import ArgumentParser
import Foundation
import StepwiseCore
import StepwisePipeline
import StepwiseShards
import StepwiseTokenizer

/// `stepwise inspect OUT`: samples from the shards, decoded back to text, as JSON lines.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print samples from the shards decoded back to text (JSON lines).",
        discussion: """
            Each line holds the split, the sample's position, its id and every column: token
            columns decoded with the run's tokenizer (from OUT/run.json, or --tokenizer), text
            columns as stored. With --tokens, each token column also shows its ids and pieces
            side by side. A partitioned run must be merged first (`stepwise merge OUT`), or
            give --split train/00003 to read one rank's folder.
            Exit codes: 0 success, 1 unreadable shards, 2 usage error.
            """)

    @Argument(help: "The output directory of a run.", completion: .directory)
    var out: String

    @Option(help: "The split to read (train, valid, test; or train/00003 for one rank's folder).")
    var split = "train"

    @Option(help: "The sample at this position in the split (0-based).")
    var index: Int?

    @Option(help: "The sample with this id.")
    var id: String?

    @Option(help: "At most this many samples, from --index or from the start (default: 1 with --index, else 5).")
    var limit: Int?

    @Flag(help: "Also show token ids and pieces for each token column.")
    var tokens = false

    @Option(help: "Tokenizer model (spiece.model or tokenizer.json); default: the one the run used.")
    var tokenizer: String?

    func validate() throws {
        if index != nil, id != nil { throw ValidationError("give --index or --id, not both") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let index, index < 0 { throw ValidationError("--index must not be negative") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: out)
        let model = try tokenizerModel(root: root)
        let reader: ShardReader
        do {
            reader = try ShardReader(directory: root.appendingPathComponent(split, isDirectory: true))
        } catch {
            throw UsageError("\(out): cannot read split '\(split)': \(error)")
        }
        let writer = JSONLinesWriter()
        var written = 0
        if let id {
            guard let sample = try reader.firstSample(withID: id) else {
                throw UsageError("\(out)/\(split): no sample with id '\(id)'")
            }
            try writer.write(line: describe(sample, model).jsonText())
            written = 1
        } else {
            let start = index ?? 0
            if start >= reader.sampleCount {
                throw UsageError("\(out)/\(split) has \(reader.sampleCount) samples; --index \(start) is past the end")
            }
            let count = limit ?? (index == nil ? 5 : 1)
            var cursor = reader.samples(in: start..<min(reader.sampleCount, start + count))
            while let sample = try cursor.next() {
                try writer.write(line: describe(sample, model).jsonText())
                written += 1
            }
        }
        try writer.close()
        _ = written
    }

    private func tokenizerModel(root: URL) throws -> SentencePieceTokenizer {
        var path = tokenizer
        if path == nil {
            let record = try? RunRecord.load(from: root.appendingPathComponent("run.json"))
            path = record?.config["tokenizer"]?["path"]?.stringValue
        }
        guard let path else {
            throw UsageError("\(out): no run.json names the tokenizer; give --tokenizer PATH")
        }
        do {
            return try SentencePieceTokenizer(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw UsageError("\(error)")
        }
    }

    /// Token columns and the text name they are shown under.
    static let decodedNames: [(column: String, text: String)] = [
        ("input_ids", "input"), ("expl_input_ids", "expl_input"), ("labels", "label"),
        ("teacher_labels", "teacher_label"), ("aux_labels", "rationale"),
    ]

    private func describe(_ sample: ShardSample, _ model: SentencePieceTokenizer) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("split", .string(split)), ("index", .int(sample.index)), ("id", .optional(sample.id)),
        ]
        for (column, text) in Self.decodedNames {
            guard var ids = sample.tokens(column) else { continue }
            // Show special tokens inside the text (the NLI inputs' `</s>`), not the closing EOS.
            if ids.last == model.eosID { ids.removeLast() }
            fields.append((text, .string(model.decode(ids, skipSpecialTokens: false))))
        }
        for name in ShardSchema.textColumnNames {
            if let stored = sample.string(name) { fields.append(("stored_\(name)", .string(stored))) }
        }
        // The sample index and its record's vote (`teacher.samples` > 1), as the JSON it is.
        if let metadata = sample.string(ShardSchema.metadataColumnName) {
            fields.append(("metadata", (try? JSONValue(parsing: Data(metadata.utf8))) ?? .string(metadata)))
        }
        if tokens {
            for (column, _) in Self.decodedNames {
                guard let ids = sample.tokens(column) else { continue }
                let pairs: [JSONValue] = ids.map { id in
                    .array([.int(Int(id)), .optional(model.piece(for: id))])
                }
                fields.append((column, .array(pairs)))
            }
        }
        return .object(fields)
    }
}
