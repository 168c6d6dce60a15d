import Foundation
import StepwiseCore
import Testing

@Suite struct JSONValueTests {
    @Test func compactTextEscapesAndKeepsOrder() {
        let v: JSONValue = ["z": 1, "a": "q\"uo\\te\n\u{01}é/", "n": nil, "l": [true, 2.5]]
        #expect(v.jsonText() == #"{"z":1,"a":"q\"uo\\te\n\u0001é/","n":null,"l":[true,2.5]}"#)
    }

    @Test func roundTripsThroughFoundation() throws {
        let text = #"{"b":[1,2,{"c":null}],"a":"x","d":false,"e":1.5}"#
        let v = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        // Foundation does not keep key order, so decoding sorts keys.
        #expect(v.jsonText() == #"{"a":"x","b":[1,2,{"c":null}],"d":false,"e":1.5}"#)
        #expect(v["b"]?.arrayValue?.count == 3)
    }

    @Test func sourceRecordLineHasTheContractFields() {
        let r = SourceRecord(
            id: "svamp-train-0", dataset: "svamp", split: "train", index: 0,
            fields: [("Body", "Tom has 3 apples."), ("Question", "How many?")],
            input: "Tom has 3 apples.\nHow many?", label: "( 3.0 )")
        #expect(
            r.jsonLine()
                == #"{"id":"svamp-train-0","dataset":"svamp","split":"train","index":0,"fields":{"Body":"Tom has 3 apples.","Question":"How many?"},"input":"Tom has 3 apples.\nHow many?","label":"( 3.0 )","explanation":null}"#
        )
    }
}

/// The byte-level string escaper writes what the character-by-character rule says: the cache
/// keys of every completion ever stored are hashes of this text.
@Suite struct JSONStringEscapeTests {
    /// The rule, one scalar at a time.
    static func reference(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test func everyEscapeAndRunOfPlainText() {
        var cases = ["", "plain", "Premise: a\nHypothesis: b\nReasonings:", "\"quoted\" \\ back", "é😀\u{1F}\u{7F}",
                     "\n", "end\n", "\nstart", "a\r\nb\tc\u{08}d\u{0C}e"]
        cases.append(String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) }))
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let scalars = (0..<Int.random(in: 0...40, using: &rng)).map { _ -> Character in
                let pick = [UInt32.random(in: 0..<0x30, using: &rng), UInt32.random(in: 0x80..<0x800, using: &rng), 0x1F600]
                return Character(Unicode.Scalar(pick[Int.random(in: 0..<3, using: &rng)])!)
            }
            cases.append(String(scalars))
        }
        for s in cases {
            var out = ""
            JSONValue.writeString(s, to: &out)
            #expect(out == Self.reference(s), "\(s.debugDescription)")
        }
    }
}
