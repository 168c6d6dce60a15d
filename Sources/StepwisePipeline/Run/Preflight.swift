import Foundation
import StepwiseConfig
import StepwisePrompting
import StepwiseTokenizer

/// What `stepwise validate` checks beyond the pipeline file itself: that every input it
/// names exists, that the exemplar file reads and suits the dataset, and that the tokenizer
/// model loads. (Loading a pipeline checks none of this, so a pipeline stays loadable on a
/// machine without its corpora.)
public enum Preflight {
    /// The problems with the pipeline's inputs, each naming its key; empty when all is well.
    /// `file` names the pipeline file in the issues.
    public static func problems(in config: PipelineConfig, file: String) -> [ConfigIssue] {
        var issues = config.missingInputs(file: file)
        let missing = Set(issues.compactMap(\.keyPath))
        func issue(_ keyPath: String, _ message: String) {
            issues.append(ConfigIssue(file: file, keyPath: keyPath, line: nil, column: nil, message: message))
        }
        if let exemplars = config.prompt.exemplars, !missing.contains("prompt.exemplars") {
            do {
                _ = try PromptStage(datasets: config.dataset.descriptor.exemplarDatasets, options: config.prompt)
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
        return issues
    }
}
