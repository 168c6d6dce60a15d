import Foundation
import StepwiseCore

/// SVAMP (Patel et al., 2021).
///
/// Official: `SVAMP.json`, one JSON array of {ID, Body, Question, Equation, Answer, Type}.
/// The paper splits it with numpy `RandomState(0).permutation(1000)`: the first 800
/// positions are train, the other 200 test. For a file with `n` problems the loader uses
/// `permutation(n)` and puts the first `n * 4 / 5` (integer division) in train, which is the
/// paper's split for n = 1000. The file is read whole (the split needs every problem).
/// Reference: `svamp_<split>.json` with input and label only; ids are `svamp-<split>-<index>`.
package enum SVAMP {
    package static let splits = ["train", "test"]
    package static let officialFile = "SVAMP.json"
    package static let permutationSeed: UInt32 = 0

    /// The positions in the file of the problems of `split`, in split order.
    package static func splitPositions(count: Int, split: String) -> ArraySlice<Int> {
        let permutation = NumpyPermutation.permutation(count, seed: permutationSeed)
        let trainCount = count * 4 / 5
        return split == "train" ? permutation[..<trainCount] : permutation[trainCount...]
    }

    /// Reads the whole array, then hands out the split's problems in permutation order.
    package final class OfficialSplitReader: SplitReader {
        private let location: DataLocation
        private let split: String
        private var problems: [JSONValue]?
        private var name = SourceName(file: "")
        private var positions: ArraySlice<Int> = []
        private var index = 0

        package init(location: DataLocation, split: String) {
            self.location = location
            self.split = split
        }

        /// In problems: the file is read whole, then handed out.
        package var progress: ReadProgress? {
            problems == nil ? nil : ReadProgress(done: index, total: index + positions.count)
        }

        package func next() throws -> LoadedItem? {
            if problems == nil { try load() }
            guard let problems, let position = positions.popFirst() else { return nil }
            let index = self.index
            self.index += 1
            let problem = problems[position]
            let access = FieldAccess(name: name, line: nil, index: index, id: problem["ID"]?.stringValue)
            do throws(LoaderError) {
                let pairs = try access.object(problem)
                let body = try access.string(problem, "Body")
                let question = try access.string(problem, "Question")
                let equation = try access.string(problem, "Equation")
                let id = try access.string(problem, "ID")
                return .record(
                    SourceRecord(
                        id: id, dataset: "svamp", split: split, index: index, fields: pairs,
                        input: body + "\n" + question, label: equation))
            } catch {
                var error = error
                error.message += " (problem #\(position) of the array)"
                return .bad(error)
            }
        }

        private func load() throws {
            let stream = try location.open(SVAMP.officialFile)
            name = stream.name
            let bytes = try readAll(stream)
            let document: JSONValue
            do throws(JSONSyntaxError) {
                document = try JSONParser.parse(bytes)
            } catch {
                let line = bytes.prefix(error.offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                throw name.error(error.invalidUTF8 ? .invalidUTF8 : .invalidJSON, line: line, error.message)
            }
            guard let array = document.arrayValue else {
                throw name.error(.invalidJSON, line: 1, "expected a JSON array of problems")
            }
            problems = array
            positions = SVAMP.splitPositions(count: array.count, split: split)
        }
    }

    /// One line of `svamp_<split>.json` (also `asdiv_train.json`): input, label, and
    /// optionally id and explanation.
    package static func referenceRecord(
        _ value: JSONValue, access: FieldAccess, dataset: String, split: String
    ) throws(LoaderError) -> SourceRecord {
        let pairs = try access.object(value)
        return SourceRecord(
            id: try access.optionalString(value, "id") ?? positionalID(dataset, split, access.index),
            dataset: dataset, split: split, index: access.index, fields: pairs,
            input: try access.string(value, "input"), label: try access.string(value, "label"),
            explanation: try access.optionalString(value, "explanation"))
    }
}

extension SVAMP {
    /// The reader of one split.
    package static func reader(format: SourceFormat, source: URL, split: String) throws -> any SplitReader {
        let location = try DataLocation(url: source)
        switch format {
        case .official: return OfficialSplitReader(location: location, split: split)
        case .referenceJSONL:
            return JSONLinesSplitReader(location: location, file: "svamp_\(split).json", idKey: nil) {
                (value, access) throws(LoaderError) in try referenceRecord(value, access: access, dataset: "svamp", split: split)
            }
        }
    }
}
