import Foundation
import StepwiseCore

/// Adversarial NLI (Nie et al., 2020), one round at a time.
///
/// Official: `anli_v1.0/R<round>/{train,dev,test}.jsonl` (in `anli_v1.0.zip`, the unpacked
/// folder, or a folder holding either) with uid, context, hypothesis, label `e`/`n`/`c`,
/// reason. Reference: `anli<round>_<split>.json` with uid, premise, hypothesis, label
/// (0/1/2), reason.
package enum ANLI {
    package static let splits = ["train", "valid", "test"]

    package static func officialFile(round: Int, split: String) -> String {
        let file = split == "valid" ? "dev" : split
        return "anli_v1.0/R\(round)/\(file).jsonl"
    }

    package static let officialLabels = ["e": "entailment", "n": "neutral", "c": "contradiction"]

    package static func officialRecord(_ value: JSONValue, access: FieldAccess, split: String) throws(LoaderError)
        -> SourceRecord
    {
        let pairs = try access.object(value)
        let uid = try access.string(value, "uid")
        let context = try access.string(value, "context")
        let hypothesis = try access.string(value, "hypothesis")
        let raw = try access.string(value, "label")
        guard let label = officialLabels[raw] else {
            throw access.error(.unknownLabel, "unknown label '\(raw)' (expected e, n or c)")
        }
        return SourceRecord(
            id: uid, dataset: "anli", split: split, index: access.index, fields: pairs,
            input: nliInput(premise: context, hypothesis: hypothesis), label: label,
            explanation: try access.optionalString(value, "reason"))
    }

    package static func referenceRecord(_ value: JSONValue, access: FieldAccess, split: String) throws(LoaderError)
        -> SourceRecord
    {
        let pairs = try access.object(value)
        let premise = try access.string(value, "premise")
        let hypothesis = try access.string(value, "hypothesis")
        let raw = try access.value(value, "label")
        guard let label = nliLabel(raw) else {
            throw access.error(.unknownLabel, "unknown label \(raw.jsonText()) (expected 0, 1 or 2)")
        }
        return SourceRecord(
            id: try access.optionalString(value, "uid") ?? positionalID("anli", split, access.index), dataset: "anli",
            split: split, index: access.index, fields: pairs,
            input: nliInput(premise: premise, hypothesis: hypothesis), label: label,
            explanation: try access.optionalString(value, "reason"))
    }
}

extension ANLI {
    /// The reader of one split of round `round`.
    package static func reader(format: SourceFormat, source: URL, round: Int, split: String) throws -> any SplitReader {
        let location = try DataLocation(url: source)
        switch format {
        case .official:
            return JSONLinesSplitReader(location: location, file: officialFile(round: round, split: split), idKey: "uid") {
                (value, access) throws(LoaderError) in try officialRecord(value, access: access, split: split)
            }
        case .referenceJSONL:
            return JSONLinesSplitReader(location: location, file: "anli\(round)_\(split).json", idKey: "uid") {
                (value, access) throws(LoaderError) in try referenceRecord(value, access: access, split: split)
            }
        }
    }
}
