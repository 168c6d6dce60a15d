import StepwiseConfig
import StepwiseCore

/// `student:` — how the student's two tasks are written into its examples: the prefix of
/// the label-prediction input and of the rationale-generation input (Distilling
/// Step-by-Step's multi-task training; the trainer reads the same examples whatever they
/// say).
public struct StudentOptions: PipelineSection {
    /// `student.label_prefix` (default `"predict: "`): before the input of the label task.
    public var labelPrefix: String
    /// `student.rationale_prefix` (default `"explain: "`): before the input of the
    /// rationale task.
    public var rationalePrefix: String

    public init(labelPrefix: String = "predict: ", rationalePrefix: String = "explain: ") {
        self.labelPrefix = labelPrefix
        self.rationalePrefix = rationalePrefix
    }

    public static let keys = ["label_prefix", "rationale_prefix"]
    /// The keys that lived under `tokenizer:` before.
    public static let movedKeys = [
        "tokenizer.input_prefix": "student.label_prefix", "tokenizer.rationale_prefix": "student.rationale_prefix",
    ]

    public static func decode(_ s: ConfigSection) -> StudentOptions? {
        let label = s.string("label_prefix", nonEmpty: false)
        let rationale = s.string("rationale_prefix", nonEmpty: false)
        guard s.allPresentDecoded(["label_prefix": label, "rationale_prefix": rationale]) else { return nil }
        let defaults = StudentOptions()
        let options = StudentOptions(labelPrefix: label ?? defaults.labelPrefix, rationalePrefix: rationale ?? defaults.rationalePrefix)
        if options.labelPrefix == options.rationalePrefix {
            s.problem(s.has("rationale_prefix") ? "rationale_prefix" : "label_prefix",
                      "the two prefixes are both \(ConfigReader.quote(options.labelPrefix)); the student could not tell its two tasks apart")
            return nil
        }
        return options
    }

    public var canonical: JSONValue {
        ["label_prefix": .string(labelPrefix), "rationale_prefix": .string(rationalePrefix)]
    }
}
