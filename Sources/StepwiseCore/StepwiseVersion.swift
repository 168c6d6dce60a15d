/// The version of Stepwise (`stepwise --version`, the dataset card's provenance).
public enum StepwiseVersion {
    public static let current = "0.1.0"
}
