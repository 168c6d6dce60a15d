import StepwiseCore

/// Which distribution of a paper dataset a loader reads (`dataset.format`).
public enum SourceFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// The dataset's own distribution: e-SNLI CSV, ANLI JSONL in its zip, CommonsenseQA +
    /// CoS-E JSONL, SVAMP.json, ASDiv.xml.
    case official
    /// The paper's JSON-lines export, `<name>_<split>.json` (`esnli`, `anli1`, `cqa`, `svamp`;
    /// and `asdiv` with the same fields as `svamp`).
    case referenceJSONL = "reference-jsonl"
}
