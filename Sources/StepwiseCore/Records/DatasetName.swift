/// The datasets of the paper that Stepwise reads.
public enum DatasetName: String, Sendable, Hashable, Codable, CaseIterable {
    case esnli
    case anli
    case cqa
    case svamp
    case asdiv

    /// The kind of label this dataset has, which decides prompt phrasing, parsing and
    /// how labels are compared.
    public var labelKind: LabelKind {
        switch self {
        case .esnli, .anli: return .nli
        case .cqa: return .choice
        case .svamp, .asdiv: return .equation
        }
    }
}

/// How a dataset's labels look.
public enum LabelKind: String, Sendable, Hashable, Codable {
    /// `entailment` / `neutral` / `contradiction`.
    case nli
    /// One of the record's answer choice texts (CommonsenseQA).
    case choice
    /// An arithmetic expression, compared by value (SVAMP, ASDiv).
    case equation
}

/// The NLI label words in the order of the integer labels 0, 1, 2.
public let nliLabelWords = ["entailment", "neutral", "contradiction"]
