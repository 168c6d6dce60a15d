/// The NLI label words in the order of the paper's integer labels 0, 1, 2 (e-SNLI, ANLI).
public let nliLabelWords = ["entailment", "neutral", "contradiction"]
