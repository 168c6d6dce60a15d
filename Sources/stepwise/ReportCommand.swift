import ArgumentParser
import Foundation
import StepwisePipeline
import StepwiseReport
import StepwiseTokenizer

/// `stepwise report OUT [--out report.html]`: one self-contained HTML page about a run.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page about a run's output: lengths, filters, teacher accuracy, records.",
        discussion: """
            Per split: token-length histograms of every token column with the truncation limit \
            marked, filter counts by reason, teacher accuracy and (for a closed label space) a \
            confusion matrix of teacher vs gold labels, usage/cost/vote figures when run.json has \
            them; then a searchable table of the first kept and filtered records (input, rationale, \
            teacher label, gold label). Inline SVG, CSS and JS only: it opens offline.
            Exit codes: 0 success, 1 unreadable shards or rejects.jsonl, 2 usage error.
            """)

    @Argument(help: "The output directory of a run.")
    var out: String

    @Option(name: [.customLong("out")], help: "Where to write the page (default: OUT/report.html; - for stdout).")
    var page: String?

    @Option(help: "Kept and filtered records shown per split (each).")
    var sample = 200

    @Option(help: "Tokenizer model to decode token columns (default: the run's copy in OUT/tokenizer/).")
    var tokenizer: String?

    func validate() throws {
        if sample < 0 { throw ValidationError("--sample must not be negative") }
    }

    func run() async throws {
        let root = URL(fileURLWithPath: out)
        let report = try OutputArguments.open(root) { opened in
            try Report(root: root, tokenizer: try OutputArguments.tokenizer(root, opened.record, tokenizer), sampleSize: sample)
        }
        let target = page ?? root.appendingPathComponent("report.html").path
        try OutputArguments.write(report.html(), to: target)
        if target != "-" { FileHandle.standardError.write(Data("wrote \(target)\n".utf8)) }
    }
}
