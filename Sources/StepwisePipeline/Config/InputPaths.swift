import Foundation
import StepwiseConfig

extension PipelineConfig {
    /// Every file or directory the pipeline reads, with the key that names it, in document
    /// order: the dataset's (`dataset.source` …), `prompt.exemplars`, the teacher's,
    /// `tokenizer.path`. (The output directory and the cache are written, so they are not
    /// listed.)
    public var inputPaths: [(keyPath: String, path: ConfigPath)] {
        var out = dataset.inputPaths
        if let exemplars = prompt.exemplars { out.append(("prompt.exemplars", exemplars)) }
        out += teacher.backend.inputPaths
        out.append(("tokenizer.path", tokenizer.path))
        return out
    }

    /// One issue per input path that does not exist, for `stepwise validate` to report
    /// (loading a pipeline never checks the file system: a pipeline stays valid on a
    /// machine that lacks its corpora). `file` names the pipeline file in the messages.
    public func missingInputs(file: String) -> [ConfigIssue] {
        inputPaths.compactMap { keyPath, path in
            FileManager.default.fileExists(atPath: path.path)
                ? nil
                : ConfigIssue(file: file, keyPath: keyPath, line: nil, column: nil,
                              message: "no such file or directory: \(path.path)")
        }
    }
}
