/// The usual normalisation of extractive-QA answers before they are compared (as the
/// SQuAD evaluation does it): lowercase; ASCII punctuation removed; the words `a`, `an`,
/// `the` removed; whitespace collapsed to single spaces, trimmed.
///
/// `labels.kind: text` compares a teacher's answer with the gold one this way, and the
/// trainer's exact-match metric for text tasks is the same rule.
public enum QANormalization {
    public static func normalise(_ text: String) -> String {
        var kept = ""
        kept.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, isPunctuation(UInt8(scalar.value)) { continue }
            kept.unicodeScalars.append(scalar)
        }
        let words = kept.split(whereSeparator: { $0.isWhitespace }).filter { $0 != "a" && $0 != "an" && $0 != "the" }
        return words.joined(separator: " ")
    }

    /// Python's `string.punctuation`.
    private static func isPunctuation(_ b: UInt8) -> Bool {
        (0x21...0x2F).contains(b) || (0x3A...0x40).contains(b) || (0x5B...0x60).contains(b) || (0x7B...0x7E).contains(b)
    }
}
