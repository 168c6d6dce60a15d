import StepwiseCore

/// Builds the records the parse stage sees, for tests.
enum TestRecords {
    static func teacher(
        _ dataset: DatasetName, completion: String?, gold: String, choices: [String]? = nil,
        split: String = "train", input: String = "some input", explanation: String? = nil, index: Int = 0
    ) -> TeacherRecord {
        let source = SourceRecord(
            id: "\(dataset.rawValue)-\(split)-\(index)", dataset: dataset, split: split, index: index,
            input: input, label: gold, explanation: explanation, choices: choices)
        return TeacherRecord(
            prompted: PromptedRecord(source: source, prompt: .text("prompt")), completion: completion, cached: true,
            attempts: 0, failure: completion == nil ? "HTTP 500 after 3 attempts" : nil)
    }

    static let choices = ["bank", "river bed", "pocket", "french government", "being an upstanding citizen."]

    /// A whitespace word counter standing in for the tokenizer.
    static let wordCount: @Sendable (String) -> Int = { $0.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }
}
