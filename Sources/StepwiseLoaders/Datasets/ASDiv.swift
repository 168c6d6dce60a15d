import Foundation
import StepwiseCore

/// ASDiv (Miao et al., 2020), used by the paper to augment SVAMP's training data.
///
/// Official: `ASDiv.xml`, `<Problem ID=… Grade=… Source=…>` elements holding Body,
/// Question, Solution-Type, Answer and Formula, read as a stream. The label is the first
/// space-separated word of Answer (`9 (apples)` → `9`); the human explanation is Formula.
/// Reference (our own export, same fields as SVAMP's): `asdiv_train.json` with input,
/// label and optionally id and explanation.
package enum ASDiv {
    package static let splits = ["train"]
    package static let officialFile = "ASDiv.xml"
    package static let requiredElements = ["Body", "Question", "Answer"]

    package final class OfficialSplitReader: SplitReader {
        private let location: DataLocation
        private var parser: XMLPullParser?
        private var index = 0

        private lazy var expected: Int? = location.expectedBytes([ASDiv.officialFile])

        package init(location: DataLocation) {
            self.location = location
        }

        package var progress: ReadProgress? { location.progress(total: expected) }

        package func next() throws -> LoadedItem? {
            if parser == nil { parser = XMLPullParser(stream: try location.open(ASDiv.officialFile)) }
            guard let xml = parser else { return nil }
            while let event = try xml.next() {
                guard case .start("Problem", let attributes, let line) = event else { continue }
                let index = self.index
                self.index += 1
                return try readProblem(xml, attributes: attributes, line: line, index: index)
            }
            return nil
        }

        /// Reads the children of one `<Problem>` up to its end tag.
        private func readProblem(
            _ xml: XMLPullParser, attributes: [(String, String)], line: Int, index: Int
        ) throws -> LoadedItem {
            var fields: [(String, JSONValue)] = attributes.map { ($0.0, .string($0.1)) }
            var element: String?
            var text = ""
            var depth = 0
            while let event = try xml.next() {
                switch event {
                case .start(let name, _, _):
                    depth += 1
                    if depth == 1 {
                        element = name
                        text = ""
                    }
                case .text(let s):
                    if depth == 1 { text += s }
                case .end(let name, _):
                    if depth == 0 {
                        return makeItem(fields, name: xml.stream.name, line: line, index: index)
                    }
                    if depth == 1, let open = element, open == name {
                        fields.append((name, .string(text)))
                        element = nil
                    }
                    depth -= 1
                }
            }
            throw xml.stream.name.error(.invalidXML, line: line, "truncated XML: <Problem> is never closed")
        }

        private func makeItem(_ fields: [(String, JSONValue)], name: SourceName, line: Int, index: Int) -> LoadedItem {
            let record = JSONValue.object(fields)
            let access = FieldAccess(name: name, line: line, index: index, id: record["ID"]?.stringValue)
            do throws(LoaderError) {
                let id = try access.string(record, "ID")
                for required in ASDiv.requiredElements where record[required] == nil {
                    throw access.error(.missingField, "<Problem> has no <\(required)>")
                }
                let body = try access.string(record, "Body")
                let question = try access.string(record, "Question")
                let answer = try access.string(record, "Answer")
                let firstWord = answer.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                return .record(
                    SourceRecord(
                        id: id, dataset: "asdiv", split: "train", index: index, fields: fields,
                        input: body + "\n" + question, label: String(firstWord),
                        explanation: try access.optionalString(record, "Formula")))
            } catch {
                return .bad(error)
            }
        }
    }
}

extension ASDiv {
    /// The reader of one split (ASDiv has only train).
    package static func reader(format: SourceFormat, source: URL, split: String) throws -> any SplitReader {
        let location = try DataLocation(url: source)
        switch format {
        case .official: return OfficialSplitReader(location: location)
        case .referenceJSONL:
            return JSONLinesSplitReader(location: location, file: "asdiv_\(split).json", idKey: nil) {
                (value, access) throws(LoaderError) in
                try SVAMP.referenceRecord(value, access: access, dataset: "asdiv", split: split)
            }
        }
    }
}
