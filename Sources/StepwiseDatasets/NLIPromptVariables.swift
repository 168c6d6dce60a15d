import StepwiseCore
import StepwisePrompting

/// The prompt variables of an NLI record (e-SNLI, ANLI): besides its fields and `input`,
/// `premise` and `hypothesis` as the teacher should see them — from the raw fields when the
/// loader kept them (`premise`/`hypothesis`, e-SNLI CSV `Sentence1`/`Sentence2`, ANLI
/// `context`), else the two sides of the student input around `</s>`; surrounding ASCII
/// whitespace trimmed.
enum NLIPromptVariables {
    static func of(_ record: SourceRecord) -> JSONValue {
        let premiseField = firstString(record, ["premise", "Sentence1", "sentence1", "context"])
        let hypothesisField = firstString(record, ["hypothesis", "Sentence2", "sentence2"])
        let premise: String
        let hypothesis: String
        if let premiseField, let hypothesisField {
            premise = trimmed(premiseField)
            hypothesis = trimmed(hypothesisField)
        } else {
            (premise, hypothesis) = splitStudentInput(record.input)
        }
        return PromptVariables.of(record, adding: [("premise", .string(premise)), ("hypothesis", .string(hypothesis))])
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

    /// `s` without leading and trailing ASCII whitespace.
    static func trimmed(_ s: String) -> String {
        let bytes = s.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        guard let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == bytes.startIndex && bytes.index(after: last) == bytes.endIndex { return s }
        return String(s[first...last])
    }
}
