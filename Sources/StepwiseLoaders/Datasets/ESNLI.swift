import Foundation
import StepwiseCore

/// e-SNLI (Camburu et al., 2018).
///
/// Official: CSV with a header row — `esnli_train_1.csv` then `esnli_train_2.csv` for
/// train, `esnli_dev.csv` for valid, `esnli_test.csv` for test; columns pairID, gold_label,
/// Sentence1, Sentence2, Explanation_1 (dev/test add Explanation_2/3; other columns are
/// kept as raw fields). Reference: `esnli_<split>.json` with premise, hypothesis, label
/// (0/1/2), explanation_1..3, and no id, so ids are `esnli-<split>-<index>`.
package enum ESNLI {
    package static let splits = ["train", "valid", "test"]

    package static func officialFiles(split: String) -> [String] {
        switch split {
        case "train": return ["esnli_train_1.csv", "esnli_train_2.csv"]
        case "valid": return ["esnli_dev.csv"]
        default: return ["esnli_test.csv"]
        }
    }

    package static let requiredColumns = ["pairID", "gold_label", "Sentence1", "Sentence2", "Explanation_1"]

    /// Reads the official CSV files of a split, one after another, with one index sequence.
    package final class CSVSplitReader: SplitReader {
        private let location: DataLocation
        private var pending: [String]
        private let split: String
        private var reader: CSVReader?
        private var header: [String] = []
        /// Positions of pairID, gold_label, Sentence1, Sentence2, Explanation_1 in the header.
        private var required: [Int] = []
        private var index = 0
        private let expected: Int?

        package init(location: DataLocation, split: String) {
            self.location = location
            self.split = split
            let files = ESNLI.officialFiles(split: split)
            // A plain file source is the split's one file.
            self.pending = location.kind == .file ? [files[0]] : files
            self.expected = location.expectedBytes(pending)
        }

        package var progress: ReadProgress? { location.progress(total: expected) }

        package func next() throws -> LoadedItem? {
            while true {
                if reader == nil {
                    guard !pending.isEmpty else { return nil }
                    try open(pending.removeFirst())
                }
                guard let current = reader else { return nil }
                let result = try current.next()
                reader = current
                guard let result else {
                    reader = nil
                    continue
                }
                let index = self.index
                self.index += 1
                switch result {
                case .failure(var error):
                    error.recordIndex = index
                    return .bad(error)
                case .success(let row):
                    return makeItem(row, name: current.stream.name, index: index)
                }
            }
        }

        private func open(_ file: String) throws {
            let csv = CSVReader(stream: try location.open(file))
            let name = csv.stream.name
            guard let first = try csv.next() else {
                throw name.error(.missingField, line: 1, "empty file: expected a header row")
            }
            let row: CSVRecord
            switch first {
            case .failure(let error): throw error
            case .success(let r): row = r
            }
            header = []
            for i in 0..<row.count {
                guard let h = row.string(at: i) else { throw name.error(.invalidUTF8, line: 1, "invalid UTF-8 in the header") }
                header.append(h)
            }
            required = []
            for column in ESNLI.requiredColumns {
                guard let position = header.firstIndex(of: column) else {
                    throw name.error(
                        .missingField, line: 1,
                        "the header has no column '\(column)' (it has: \(header.joined(separator: ", ")))")
                }
                required.append(position)
            }
            reader = csv
        }

        private func makeItem(_ row: CSVRecord, name: SourceName, index: Int) -> LoadedItem {
            var values: [String] = []
            values.reserveCapacity(row.count)
            for i in 0..<row.count {
                guard let s = row.string(at: i) else {
                    let col = i < header.count ? header[i] : "#\(i + 1)"
                    return .bad(name.error(.invalidUTF8, line: row.line, index: index, "invalid UTF-8 in column '\(col)'"))
                }
                values.append(s)
            }
            let id = required[0] < values.count ? values[required[0]] : nil
            guard values.count == header.count else {
                return .bad(
                    name.error(
                        .wrongFieldCount, line: row.line, index: index, id: id,
                        "\(values.count) fields where the header has \(header.count)"))
            }
            // Every required position is within the header, and the row has the header's length.
            let label = values[required[1]]
            guard nliLabelWords.contains(label) else {
                return .bad(
                    name.error(
                        .unknownLabel, line: row.line, index: index, id: id,
                        "unknown gold_label '\(label)' (expected entailment, neutral or contradiction)"))
            }
            let fields = zip(header, values).map { ($0, JSONValue.string($1)) }
            return .record(
                SourceRecord(
                    id: values[required[0]], dataset: "esnli", split: split, index: index, fields: fields,
                    input: nliInput(premise: values[required[2]], hypothesis: values[required[3]]), label: label,
                    explanation: values[required[4]]))
        }
    }

    /// Turns one line of `esnli_<split>.json` into a record.
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
            id: positionalID("esnli", split, access.index), dataset: "esnli", split: split, index: access.index,
            fields: pairs, input: nliInput(premise: premise, hypothesis: hypothesis), label: label,
            explanation: try access.optionalString(value, "explanation_1"))
    }
}

extension ESNLI {
    /// The reader of one split.
    package static func reader(format: SourceFormat, source: URL, split: String) throws -> any SplitReader {
        let location = try DataLocation(url: source)
        switch format {
        case .official: return CSVSplitReader(location: location, split: split)
        case .referenceJSONL:
            return JSONLinesSplitReader(location: location, file: "esnli_\(split).json", idKey: nil) {
                (value, access) throws(LoaderError) in try referenceRecord(value, access: access, split: split)
            }
        }
    }
}
