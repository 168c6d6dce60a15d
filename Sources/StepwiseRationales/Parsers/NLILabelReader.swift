import StepwiseCore

/// Reads an NLI label word after an answer phrase (robust mode).
///
/// Skips leading punctuation and quotes, takes the first word, and maps it
/// case-insensitively: the label words themselves; `entail`, `entails`, `entailed` →
/// `entailment`; `contradict`, `contradicts`, `contradicted`, `contradictory` →
/// `contradiction`. A completion cut off mid-word (`entailm`, at least three letters, at
/// the very end of the completion) maps to the one label word it begins.
enum NLILabelReader {
    private static let variants: [String: String] = [
        "entailment": "entailment", "entail": "entailment", "entails": "entailment", "entailed": "entailment",
        "neutral": "neutral",
        "contradiction": "contradiction", "contradict": "contradiction", "contradicts": "contradiction",
        "contradicted": "contradiction", "contradictory": "contradiction",
    ]

    @Sendable static func read(_ text: UTF8Text, _ range: Range<Int>, _ space: LabelSpace) -> String? {
        var i = range.lowerBound
        while i < range.upperBound, !text.bytes[i].isASCIILetter {
            // Stop at the end of the line: the label must follow the phrase on its line.
            if text.bytes[i] == 0x0A { return nil }
            i += 1
        }
        var j = i
        while j < range.upperBound, text.bytes[j].isASCIILetter { j += 1 }
        guard j > i else { return nil }
        let word = String(decoding: text.lowered(i..<j), as: UTF8.self)
        if let label = variants[word] { return label }
        if j == text.bytes.count, word.count >= 3 {
            let matches = nliLabelWords.filter { $0.hasPrefix(word) }
            if matches.count == 1 { return matches[0] }
        }
        return nil
    }
}
