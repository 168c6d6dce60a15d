import Foundation

/// Settings of the prompt stage (the pipeline file's `prompt:` section).
public struct PromptOptions: Sendable, Hashable {
    /// The exemplar file (`Pipelines/prompts/<dataset>.yaml`).
    public var exemplarsFile: URL
    /// Completion text or chat messages. Default `.completion`.
    public var style: PromptStyle
    /// Use only the first `n` exemplars of the file; `nil` (default) uses all.
    public var maxExemplars: Int?

    public init(exemplarsFile: URL, style: PromptStyle = .completion, maxExemplars: Int? = nil) {
        self.exemplarsFile = exemplarsFile
        self.style = style
        self.maxExemplars = maxExemplars
    }
}
