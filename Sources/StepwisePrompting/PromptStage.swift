import Foundation
import StepwiseCore

/// The prompt stage: turns each ``SourceRecord`` into a ``PromptedRecord`` carrying the
/// few-shot chain-of-thought prompt for the teacher. Never drops a record.
public struct PromptStage: Stage {
    public typealias Input = SourceRecord
    public typealias Output = PromptedRecord

    public let name = "prompt"
    public let renderer: PromptRenderer

    /// Loads the exemplar file of `options`; throws ``ExemplarFileError`` when it is
    /// malformed or written for another dataset.
    public init(dataset: DatasetName, options: PromptOptions) throws(ExemplarFileError) {
        var set = try ExemplarFile.load(options.exemplarsFile)
        let compatible = set.dataset == dataset || (set.dataset == .svamp && dataset == .asdiv)
        guard compatible else {
            throw ExemplarFileError(
                file: options.exemplarsFile.path, line: nil,
                message: "exemplars are for '\(set.dataset.rawValue)' but the pipeline reads '\(dataset.rawValue)'")
        }
        if let n = options.maxExemplars {
            guard n >= 1 else {
                throw ExemplarFileError(file: options.exemplarsFile.path, line: nil, message: "max_exemplars must be at least 1")
            }
            set.exemplars = Array(set.exemplars.prefix(n))
        }
        self.renderer = PromptRenderer(exemplars: set, style: options.style)
    }

    /// A stage over exemplars already in memory.
    public init(renderer: PromptRenderer) {
        self.renderer = renderer
    }

    public func process(_ batch: [SourceRecord], context: inout BatchContext) async throws -> [PromptedRecord] {
        batch.map { PromptedRecord(source: $0, prompt: renderer.prompt(for: $0)) }
    }
}
