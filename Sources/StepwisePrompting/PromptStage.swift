import Foundation
import StepwiseCore

/// The prompt stage: turns each ``SourceRecord`` into a ``PromptedRecord`` carrying the
/// few-shot chain-of-thought prompt for the teacher. Never drops a record.
public struct PromptStage: Stage {
    public typealias Input = SourceRecord
    public typealias Output = PromptedRecord

    public let name = "prompt"
    public let renderer: PromptRenderer
    /// A record's template variables (its dataset's: ``PromptVariables/of(_:adding:)``).
    public let variables: @Sendable (SourceRecord) -> JSONValue

    /// Loads the exemplar file of `options`; throws ``ExemplarFileError`` when there is
    /// none, or it is malformed or written for a dataset not in `datasets` (the pipeline's,
    /// and those whose exemplars it may borrow).
    public init(
        datasets: [String], options: PromptOptions,
        variables: @escaping @Sendable (SourceRecord) -> JSONValue = { PromptVariables.of($0) }
    ) throws(ExemplarFileError) {
        self.variables = variables
        guard let file = options.exemplars?.url else {
            throw ExemplarFileError(file: "prompt.exemplars", line: nil, message: "no exemplar file")
        }
        let set = try ExemplarFile.load(file)
        guard datasets.contains(set.dataset) else {
            throw ExemplarFileError(
                file: file.path, line: nil,
                message: "exemplars are for '\(set.dataset)' but the pipeline reads '\(datasets.first ?? "?")'")
        }
        self.renderer = PromptRenderer(exemplars: set, style: options.style, system: options.system)
    }

    /// A stage over exemplars already in memory.
    public init(renderer: PromptRenderer, variables: @escaping @Sendable (SourceRecord) -> JSONValue = { PromptVariables.of($0) }) {
        self.renderer = renderer
        self.variables = variables
    }

    public func process(_ batch: [SourceRecord], context: inout BatchContext) async throws -> [PromptedRecord] {
        batch.map { PromptedRecord(source: $0, prompt: renderer.prompt(variables: variables($0))) }
    }
}
