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
