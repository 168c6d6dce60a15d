import StepwiseRationales
import StepwiseCore

/// Builds the records the parse stage sees, for tests.
enum TestRecords {
    static func teacher(
        _ dataset: DatasetName, completion: String?, gold: String, choices: [String]? = nil,
        split: String = "train", input: String = "some input", explanation: String? = nil, index: Int = 0
    ) -> TeacherRecord {
        let source = SourceRecord(
            id: "\(dataset.rawValue)-\(split)-\(index)", dataset: dataset.rawValue, split: split, index: index,
            input: input, label: gold, explanation: explanation, choices: choices)
        return TeacherRecord(
            prompted: PromptedRecord(source: source, prompt: .text("prompt")), completion: completion, cached: true,
            attempts: 0, failure: completion == nil ? "HTTP 500 after 3 attempts" : nil)
    }

    static let choices = ["bank", "river bed", "pocket", "french government", "being an upstanding citizen."]

    /// A whitespace word counter standing in for the tokenizer.
    static let wordCount: @Sendable (String) -> Int = { $0.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }
}

/// The paper's datasets by name, as the tests write them, with their answer rules.
enum DatasetName: String, CaseIterable, Sendable {
    case esnli, anli, cqa, svamp, asdiv

    var rules: AnswerRules {
        switch self {
        case .esnli: return .esnli
        case .anli: return .anli
        case .cqa: return .cqa
        case .svamp, .asdiv: return .equation
        }
    }
}

extension RationaleParser {
    init(dataset: DatasetName, mode: ParseMode) { self.init(rules: dataset.rules, mode: mode) }
}

extension ParseStage {
    init(
        dataset: DatasetName, options: ParseOptions = ParseOptions(), maxRationaleTokens: Int = 256,
        rationaleSource: RationaleSource = .completion, voting: SampleVoting = SampleVoting(),
        rationaleTokenCount: @escaping @Sendable (String) -> Int
    ) {
        self.init(
            rules: dataset.rules, options: options, maxRationaleTokens: maxRationaleTokens,
            rationaleSource: rationaleSource, voting: voting, rationaleTokenCount: rationaleTokenCount)
    }
}

extension LabelSpace {
    init(dataset: DatasetName, choices: [String]?) { self.init(dataset.rules.labels, choices: choices) }
}
