import StepwiseConfig
import StepwiseCore

/// How completions are split into rationale and label.
public enum ParseMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Exactly the rules of the paper's code (see the dataset rule files).
    case paper
    /// The paper's result wherever its label is in the label space; otherwise a lenient
    /// second pass that recovers other answer phrases, case and punctuation variants,
    /// bare choice letters or texts, and equations written without the paper's parentheses.
    case robust
}

/// What to do with a rationale longer than the tokenizer's target limit.
public enum RationaleTooLongPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Drop the record as `rationale_too_long`.
    case filter
    /// Keep the record; the tokenizer stage cuts the rationale at its target limit.
    case truncate
}

/// The parse stage's settings: the pipeline file's `parse:` section.
public struct ParseOptions: PipelineSection {
    /// `parse.mode` (default `robust`).
    public var mode: ParseMode
    /// `parse.rationale_too_long` (default `filter`): a rationale longer than
    /// `tokenizer.max_target_tokens`.
    public var rationaleTooLong: RationaleTooLongPolicy
    /// `parse.drop_duplicate_inputs` (default false: the paper keeps them). Needs state
    /// across batches, so it is done by ``DuplicateInputStage`` (append it when this is on).
    public var dropDuplicateInputs: Bool
    /// `parse.drop_teacher_disagreement` (default false): drop a record whose teacher
    /// label differs from its gold label.
    public var dropTeacherDisagreement: Bool
    /// `parse.answer_phrases`: for a task of one's own, the phrases the label follows
    /// (default: the exemplar file's phrase, then the label kind's usual ones).
    public var answerPhrases: [String]?
    /// `parse.label_pattern`: for a task of one's own, a pattern applied to the text after
    /// the answer phrase; its first group (or whole match) is read as the label.
    public var labelPattern: TextPattern?

    public init(
        mode: ParseMode = .robust, rationaleTooLong: RationaleTooLongPolicy = .filter,
        dropDuplicateInputs: Bool = false, dropTeacherDisagreement: Bool = false,
        answerPhrases: [String]? = nil, labelPattern: TextPattern? = nil
    ) {
        self.mode = mode
        self.rationaleTooLong = rationaleTooLong
        self.dropDuplicateInputs = dropDuplicateInputs
        self.dropTeacherDisagreement = dropTeacherDisagreement
        self.answerPhrases = answerPhrases
        self.labelPattern = labelPattern
    }

    public static let keys = [
        "mode", "rationale_too_long", "drop_duplicate_inputs", "drop_teacher_disagreement", "answer_phrases", "label_pattern",
    ]
    /// The keys only a task of one's own uses (the paper's datasets have the paper's rules).
    public static let taskKeys = ["answer_phrases", "label_pattern"]

    /// Decodes `parse:`; `nil` when a value is wrong (reported through `s`).
    public static func decode(_ s: ConfigSection) -> ParseOptions? {
        let defaults = ParseOptions()
        let mode = s.choice("mode", ParseMode.self)
        let tooLong = s.choice("rationale_too_long", RationaleTooLongPolicy.self)
        let duplicates = s.bool("drop_duplicate_inputs")
        let disagreement = s.bool("drop_teacher_disagreement")
        let phrases = s.list("answer_phrases", expected: "a list of phrases (\"The answer is\")", minCount: 1) { node, path -> String? in
            guard let text = ConfigReader.stringValue(node), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                s.reader.report(path, "expected a non-empty phrase, got \(ConfigReader.describe(node))", at: node.mark)
                return nil
            }
            return text
        }
        var pattern: TextPattern?
        if let text = s.string("label_pattern") {
            do { pattern = try TextPattern(text) } catch { s.problem("label_pattern", error.description) }
        }
        guard s.allPresentDecoded(["mode": mode, "rationale_too_long": tooLong,
                                   "drop_duplicate_inputs": duplicates, "drop_teacher_disagreement": disagreement,
                                   "answer_phrases": phrases, "label_pattern": pattern])
        else { return nil }
        return ParseOptions(
            mode: mode ?? defaults.mode, rationaleTooLong: tooLong ?? defaults.rationaleTooLong,
            dropDuplicateInputs: duplicates ?? defaults.dropDuplicateInputs,
            dropTeacherDisagreement: disagreement ?? defaults.dropTeacherDisagreement,
            answerPhrases: phrases, labelPattern: pattern)
    }

    public var canonical: JSONValue {
        [
            "mode": .string(mode.rawValue), "rationale_too_long": .string(rationaleTooLong.rawValue),
            "drop_duplicate_inputs": .bool(dropDuplicateInputs), "drop_teacher_disagreement": .bool(dropTeacherDisagreement),
            "answer_phrases": answerPhrases.map { .array($0.map(JSONValue.string)) } ?? .null,
            "label_pattern": labelPattern.map { .string($0.source) } ?? .null,
        ]
    }
}
