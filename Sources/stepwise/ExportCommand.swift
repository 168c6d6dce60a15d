import ArgumentParser
import Foundation
import StepwiseCore
import StepwisePipeline
import StepwiseReport

/// `stepwise export OUT --format jsonl`: the text side of every record, kept and filtered.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every record's text (input, rationale, teacher and gold label, kept or filter reason) as JSON lines.",
        discussion: """
            One line per record: {"split", "id", "kept", "reason", "input", "rationale", \
            "teacher_label", "label"}. Per split, the shards' samples in order (text columns, or \
            token columns decoded with the run's tokenizer), then the split's filtered records \
            from rejects.jsonl. Streams: memory does not grow with the output.
            Exit codes: 0 success, 1 unreadable shards or rejects.jsonl, 2 usage error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl
    }

    @Argument(help: "The output directory of a run.")
    var out: String

    @Option(help: "Output format.")
    var format: Format = .jsonl

    @Option(name: [.customLong("out")], help: "Where to write (default: - for stdout).")
    var target = "-"

    @Option(help: "Only this split.")
    var split: String?

    @Option(help: "Tokenizer model to decode token columns (default: the run's copy in OUT/tokenizer/).")
    var tokenizer: String?

    func run() async throws {
        let root = URL(fileURLWithPath: out)
        let output = try OutputArguments.open(root) { try RunOutput(root: $0.root) }
        let names = output.splits.map(\.name)
        if let split, !names.contains(split) {
            throw UsageError("\(out) has no split '\(split)' (it has \(names.joined(separator: ", ")))")
        }
        let model = try OutputArguments.tokenizer(root, output.record, tokenizer)
        let writer = try target == "-" ? JSONLinesWriter() : JSONLinesWriter(url: URL(fileURLWithPath: target), append: false)
        let task = output.record.task
        for name in names where split == nil || split == name {
            var kept = try KeptRecords(
                root: root, split: name, tokenizer: model, labelPrefix: task["label_prefix"]?.stringValue ?? "",
                rationalePrefix: task["rationale_prefix"]?.stringValue ?? "")
            while let r = try kept.nextRecord() { try writer.write(line: r.jsonValue.jsonText()) }
            var rejected = try RejectedRecords(root: root, split: name)
            while let r = try rejected.nextRecord() { try writer.write(line: r.jsonValue.jsonText()) }
        }
        try writer.close()
    }
}
