import StepwiseCore
import Testing

@Suite struct JSONEscapeTests {
    /// Decodes the escape right after the backslash at the start of `text`.
    func decode(_ text: String) -> (String?, JSONEscape.Failure?) {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var position = 1
        do {
            try bytes.withUnsafeBufferPointer { try JSONEscape.decode($0, at: &position, into: &out) }
            return (String(decoding: out, as: UTF8.self), nil)
        } catch {
            return (nil, error as? JSONEscape.Failure)
        }
    }

    @Test func simpleAndUnicodeEscapes() {
        #expect(decode(#"\n"#).0 == "\n")
        #expect(decode(#"\""#).0 == "\"")
        #expect(decode(#"\u00e9"#).0 == "é")
        #expect(decode(#"\uD83D\uDE00"#).0 == "😀")
    }

    @Test func badEscapesSayWhat() {
        #expect(decode(#"\q"#).1?.message == #"invalid escape '\q' in a string"#)
        #expect(decode(#"\uDC00"#).1?.message == #"a lone low surrogate \u escape"#)
        #expect(decode(#"\uD83Dxy"#).1?.message.contains("not followed by a low surrogate") == true)
        #expect(decode(#"\uD83D"#).1?.truncated == true)
        #expect(decode(#"\u12G4"#).1?.message == #"invalid hex digit in a \u escape"#)
        #expect(decode(#"\u12"#).1?.truncated == true)
        #expect(decode(#"\"#).1?.truncated == true)
    }
}
