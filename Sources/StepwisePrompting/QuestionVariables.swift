import StepwiseCore

/// The values a question template can use, taken from a record the way the teacher
/// should see it: the dataset's natural input, not the student's `</s>`-joined string.
///
/// - `input`: the record's input. For CommonsenseQA this already holds the question and
///   its `Answer Choices:` list; for SVAMP/ASDiv it is `Body` + `\n` + `Question`.
/// - `premise`, `hypothesis` (NLI only): from the raw fields when the loader kept them
///   (`premise`/`hypothesis`, e-SNLI CSV `Sentence1`/`Sentence2`, ANLI `context`), else
///   the two sides of the student input around `</s>`. Surrounding whitespace is trimmed.
public struct QuestionVariables: Sendable, Hashable {
    /// Names a question template may use.
    public static let names: Set<String> = ["input", "premise", "hypothesis"]

    public var input: String
    public var premise: String
    public var hypothesis: String

    public init(input: String, premise: String = "", hypothesis: String = "") {
        self.input = input
        self.premise = premise
        self.hypothesis = hypothesis
    }

    /// The variables of `record`.
    public init(record: SourceRecord) {
        self.input = record.input
        self.premise = ""
        self.hypothesis = ""
        let premiseField = Self.firstString(record, ["premise", "Sentence1", "sentence1", "context"])
        let hypothesisField = Self.firstString(record, ["hypothesis", "Sentence2", "sentence2"])
        if let premiseField, let hypothesisField {
            premise = trimmed(premiseField)
            hypothesis = trimmed(hypothesisField)
        } else {
            let (p, h) = Self.splitStudentInput(record.input)
            premise = p
            hypothesis = h
        }
    }

    public subscript(name: String) -> String {
        switch name {
        case "premise": return premise
        case "hypothesis": return hypothesis
        default: return input
        }
    }

    private static func firstString(_ record: SourceRecord, _ names: [String]) -> String? {
        for name in names {
            if let s = record.field(name)?.stringValue { return s }
        }
        return nil
    }

    /// Splits `premise </s> hypothesis` at the first `</s>`.
    static func splitStudentInput(_ input: String) -> (String, String) {
        let bytes = Array(input.utf8)
        let marker = Array("</s>".utf8)
        if bytes.count >= marker.count {
            for i in 0...(bytes.count - marker.count) where bytes[i] == marker[0] {
                if Array(bytes[i..<(i + marker.count)]) == marker {
                    let p = String(decoding: bytes[..<i], as: UTF8.self)
                    let h = String(decoding: bytes[(i + marker.count)...], as: UTF8.self)
                    return (trimmed(p), trimmed(h))
                }
            }
        }
        return (trimmed(input), "")
    }
}

/// `s` without leading and trailing ASCII whitespace.
func trimmed(_ s: String) -> String {
    let bytes = s.utf8
    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
    guard let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
    if first == bytes.startIndex && bytes.index(after: last) == bytes.endIndex { return s }
    return String(s[first...last])
}
