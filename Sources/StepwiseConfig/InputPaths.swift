import Foundation

extension PipelineConfig {
    /// Every file or directory the pipeline reads, with the key that names it, in
    /// document order: `dataset.source`, `dataset.explanations`, `dataset.augment[i].source`,
    /// `prompt.exemplars`, `teacher.recordings`, `tokenizer.path`. (The output directory
    /// and the cache are written, so they are not listed.)
    public var inputPaths: [(keyPath: String, path: ConfigPath)] {
        var out: [(String, ConfigPath)] = [("dataset.source", dataset.source)]
        if let explanations = dataset.explanations, explanations != dataset.source {
            out.append(("dataset.explanations", explanations))
        }
        for (index, source) in dataset.augment.enumerated() {
            out.append(("dataset.augment[\(index)].source", source.source))
        }
        if let exemplars = prompt.exemplars { out.append(("prompt.exemplars", exemplars)) }
        if let recordings = teacher.recordings { out.append(("teacher.recordings", recordings)) }
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
