import Foundation
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

/// Strings with escapes at every distance from word boundaries, against Foundation's parser.
@Suite struct JSONStringRunTests {
    @Test func escapedStringsEqualFoundationsReading() throws {
        var generator = SystemRandomNumberGenerator.Seeded(seed: 7)
        let pieces = ["a", "é", "😀", "\n", "\"", "\\", "/", "\t", "\u{1}", "\u{7F}", "abcdefgh", " ", "\u{2028}"]
        for length in 0..<200 {
            var text = ""
            for _ in 0..<(length % 40) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let encoded = try JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
            let parsed = try JSONValue(parsing: [UInt8](encoded))
            #expect(parsed == .array([.string(text)]), "\(text.debugDescription)")
        }
    }

    @Test func rawControlCharactersAfterAnEscapeAreRefusedWhereTheyAre() {
        for prefix in ["", "abcdefghijk", "\\n", "abcdefghijklmnop\\t"] {
            let bytes = Array("\"\(prefix)x".utf8) + [0x0A] + Array("y\"".utf8)
            #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: bytes) }
            do throws(JSONSyntaxError) { _ = try JSONValue(parsing: bytes) } catch {
                #expect(error.offset == bytes.count - 3, "\(prefix)")
                #expect(error.message.contains("control character"))
            }
        }
        for text in ["\"abc\\", "\"abcdefghijklmnopq\\n", "\"\\u12"] {
            #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: Array(text.utf8)) }
        }
    }
}

extension SystemRandomNumberGenerator {
    /// A small deterministic generator (SplitMix64) for test inputs.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
