import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseDatasets
import StepwiseLoaders
import StepwisePrompting
import StepwiseTokenizer

/// What `stepwise validate` checks beyond the pipeline file itself: that every input it
/// names exists, that the exemplar file reads and suits the dataset, that the tokenizer
/// model loads, and — on the first record of each split — that the records have what the
/// pipeline reads (`dataset.fields`, the label) and what the exemplar file's question
/// template uses. (Loading a pipeline checks none of this, so a pipeline stays loadable on
/// a machine without its corpora.)
public enum Preflight {
    /// With `on_bad_record: skip`, how many records may be bad before the first good one
    /// before validate calls the split unreadable.
    static let skippableRecords = 1000

    /// The problems with the pipeline's inputs, each naming its key; empty when all is well.
    /// `file` names the pipeline file in the issues.
    public static func problems(in config: PipelineConfig, file: String) -> [ConfigIssue] {
        var issues = config.missingInputs(file: file)
        let missing = Set(issues.compactMap(\.keyPath))
        func issue(_ keyPath: String, _ message: String) {
            issues.append(ConfigIssue(file: file, keyPath: keyPath, line: nil, column: nil, message: message))
        }
        var prompt: PromptStage?
        if let exemplars = config.prompt.exemplars, !missing.contains("prompt.exemplars") {
            do {
                prompt = try PromptStage(datasets: config.dataset.descriptor.exemplarDatasets, options: config.prompt)
            } catch {
                issue("prompt.exemplars", "\(exemplars.path): \(error)")
            }
        }
        if !missing.contains("tokenizer.path") {
            do {
                _ = try SentencePieceTokenizer(contentsOf: config.tokenizer.path.url)
            } catch {
                issue("tokenizer.path", "\(error)")
            }
        }
        if !missing.contains("dataset.source") {
            for split in config.dataset.splits {
                let (record, problem) = firstRecord(config.dataset, split: split)
                if let problem {
                    issue(problem.keyPath, problem.message)
                    break
                }
                if let record, let prompt, config.teacher.asks(split: split) {
                    if let message = missingVariable(prompt, record: record, descriptor: config.dataset.descriptor) {
                        issue("prompt.exemplars", message)
                        break
                    }
                }
            }
        }
        return issues
    }

    /// The first record of `split` that reads, or the problem that stops it.
    static func firstRecord(_ dataset: DatasetOptions, split: String) -> (SourceRecord?, (keyPath: String, message: String)?) {
        do {
            let reader = try dataset.descriptor.reader(split: split)
            var firstProblem: LoaderError?
            for _ in 0..<skippableRecords {
                guard let item = try reader.next() else { break }
                switch item {
                case .record(let record): return (record, nil)
                case .bad(let error):
                    if dataset.load.onBadRecord == .fail { return (nil, (keyPath(for: error), "split \(split): \(error)")) }
                    firstProblem = firstProblem ?? error
                }
            }
            if let firstProblem {
                return (nil, (keyPath(for: firstProblem), "split \(split): no record of the first \(skippableRecords) reads; the first: \(firstProblem)"))
            }
            return (nil, nil)
        } catch {
            return (nil, ("dataset.source", "split \(split): \(error)"))
        }
    }

    private static func keyPath(for error: LoaderError) -> String {
        switch error.kind {
        case .missingField, .invalidField, .labelUnparsed, .unknownLabel: return "dataset.fields"
        default: return "dataset.source"
        }
    }

    /// A name the exemplar file's question template uses that `record`'s prompt variables
    /// lack, as a message.
    static func missingVariable(_ prompt: PromptStage, record: SourceRecord, descriptor: any DatasetDescriptor) -> String? {
        let variables = descriptor.promptVariables(record)
        let template = prompt.renderer.exemplars.question
        guard let name = template.fields.first(where: { variables[$0] == nil }) else { return nil }
        var has: [String] = []
        if case .object(let pairs) = variables { has = pairs.map(\.0) }
        return "the question template \(ConfigReader.quote(template.source)) uses '\(name)', which the records of \(record.split) do not have (they have: \(has.joined(separator: ", ")))"
    }
}
