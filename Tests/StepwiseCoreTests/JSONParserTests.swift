import StepwiseCore
import Testing

@testable import StepwiseCore

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch { return error }
    }

    /// Strings are skipped eight bytes at a time: a quote, backslash or control character
    /// must be found at every offset, and long plain runs must come through whole.
    @Test func specialBytesAreFoundAtEveryOffset() throws {
        for n in 0..<20 {
            let run = String(repeating: "ab", count: n / 2) + (n % 2 == 1 ? "c" : "")
            #expect(try parse("\"\(run)\"") == .string(run))
            #expect(try parse("\"\(run)\\n\(run)\"") == .string(run + "\n" + run))
            #expect(try parse("\"\(run)\\\"\(run)é\"") == .string(run + "\"" + run + "é"))
            #expect(try parse("[\"\(run)\",\"\(run)\"]") == .array([.string(run), .string(run)]))
            #expect(syntaxError(Array("\"\(run)\t\(run)\"".utf8))?.message == "unescaped control character in a string")
            #expect(syntaxError(Array("\"\(run)\u{7F}é\u{1F}\"".utf8))?.message == "unescaped control character in a string")
        }
    }

    @Test func keepsKeyOrderAndTypes() throws {
        let value = try parse(#" {"z": 1, "a": [true, false, null], "m": {"x": -2.5e1, "y": "s"}, "big": 12345678901234567890} "#)
        #expect(value.jsonText() == #"{"z":1,"a":[true,false,null],"m":{"x":-25.0,"y":"s"},"big":1.2345678901234567e+19}"#)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00 \u0041""#)
        #expect(value == .string("a\"b\\c/d\n\té😀 A"))
    }

    @Test func repeatedKeyKeepsFirstPositionAndLastValue() throws {
        #expect(try parse(#"{"a":1,"b":2,"a":3}"#).jsonText() == #"{"a":3,"b":2}"#)
    }

    @Test func truncatedTextIsMarkedTruncated() {
        for text in [#"{"a": "unfinished"#, #"{"a": 1,"#, "[1, 2", #"{"a""#, "tru"] {
            let error = syntaxError(Array(text.utf8))
            #expect(error?.truncated == true, "\(text)")
        }
    }

    @Test func syntaxErrorsNameTheOffset() throws {
        let error = try #require(syntaxError(Array(#"{"a": 1 "b": 2}"#.utf8)))
        #expect(!error.truncated)
        #expect(error.offset == 8)
        #expect(error.message.contains("expected ',' or '}'"))
        #expect(syntaxError(Array("{} x".utf8))?.message.contains("after the JSON value") == true)
        #expect(syntaxError(Array(#""\q""#.utf8))?.message.contains("invalid escape") == true)
        #expect(syntaxError(Array(#""\udc00""#.utf8))?.message.contains("lone low surrogate") == true)
        #expect(syntaxError(Array("01x".utf8)) != nil)
    }

    @Test func invalidUTF8InAStringIsAnError() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        #expect(syntaxError(bytes)?.message.contains("UTF-8") == true)
    }
}
