import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseDatasets
import StepwiseTeacher

/// `stepwise teacher import`: recorded completions → a recordings file for `kind: replay`.
struct TeacherImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert recorded teacher outputs into a recordings file for the replay teacher.",
        discussion: """
            --format paper reads the paper's released files <split>_CoT_<i>.json (JSON arrays \
            in dataset order; give the files or their directory). The k-th completion of a \
            split is matched to the record with that index in the split. The dataset is taken \
            from the directory name (esnli, anli1, cqa, svamp) unless --dataset is given.
            --format jsonl reads lines {"id": …, "completion": …}, matched by record id; with several samples per record (teacher.samples), lines {"id", "sample", "completion"} with sample 0-based.
            The output is written whole and renamed into place; an existing file is replaced.
            """)

    @Option(help: "Input format: paper or jsonl.")
    var format: RecordingImporter.Format

    @Option(help: "The dataset of paper files (esnli, anli, cqa, svamp, asdiv).")
    var dataset: String?

    @Option(help: "Store the paper files' split under this name (one split only).")
    var split: String?

    @Option(help: "The recordings file to write.")
    var out: String

    @Argument(help: "Input files or directories.")
    var inputs: [String]

    func validate() throws {
        if let dataset, DatasetKinds.builtin(named: dataset) == nil {
            throw ValidationError("unknown --dataset '\(dataset)'; expected one of \(DatasetKinds.builtinNames.joined(separator: ", "))")
        }
        if format == .jsonl, dataset != nil || split != nil {
            throw ValidationError("--dataset and --split apply to --format paper only")
        }
        if inputs.isEmpty { throw ValidationError("give at least one input file or directory") }
    }

    func run() throws {
        let start = Date()
        let summary = try RecordingImporter.run(
            format: format,
            inputs: inputs.map { URL(fileURLWithPath: $0) }, out: URL(fileURLWithPath: out),
            dataset: dataset, split: split)
        let seconds = Date().timeIntervalSince(start)
        for (name, count) in summary.counts { print("\(name)\t\(count)") }
        print(String(format: "imported %d completions into %@ in %.2f s", summary.total, out, seconds))
    }
}
