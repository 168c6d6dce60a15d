import Foundation
import Testing

/// `stepwise tokenize` end to end on the committed sample tokenizer and HF's ids for it
/// (data/tokenizer/expected-ids.jsonl).
struct TokenizeCommandTests {
    private static let model = repositoryRoot.appendingPathComponent("data/tokenizer/sample-tokenizer.json").path

    private struct Expected {
        var text: String
        var ids: [Int]
        var truncated16: [Int]
    }

    private func expectedCases() throws -> [Expected] {
        let url = repositoryRoot.appendingPathComponent("data/tokenizer/expected-ids.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let ids = try #require(row["ids"] as? [String: [Int]])
            let truncated = try #require(row["truncated16"] as? [String: [Int]])
            return Expected(
                text: try #require(row["text"] as? String), ids: try #require(ids["sample-tokenizer.json"]),
                truncated16: try #require(truncated["sample-tokenizer.json"]))
        }
    }

    /// `text` as a JSON string; with `asciiOnly`, every non-ASCII character as `\u` escapes
    /// (surrogate pairs beyond the BMP), as Python's `json.dumps` writes it.
    private func jsonString(_ text: String, asciiOnly: Bool) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || (asciiOnly && scalar.value >= 0x7F):
                for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private func idLines(_ cases: [Expected], _ ids: (Expected) -> [Int]) -> String {
        cases.map { "[" + ids($0).map(String.init).joined(separator: ",") + "]\n" }.joined()
    }

    @Test(arguments: [false, true])
    func givesHFIdsWhateverTheEscapingAndLineBreaks(asciiOnly: Bool) throws {
        let cases = try expectedCases()
        #expect(cases.count > 100)
        // CRLF line breaks and blank lines between the strings change nothing.
        let input = cases.map { jsonString($0.text, asciiOnly: asciiOnly) + "\r\n\n" }.joined()
        let result = try stepwise(["tokenize", "--tokenizer", Self.model], input: input)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == idLines(cases) { $0.ids })

        let truncated = try stepwise(["tokenize", "--tokenizer", Self.model, "--max-length", "16"], input: input)
        #expect(truncated.stdout == idLines(cases) { $0.truncated16 }, "\(truncated)")

        for cache in ["--word-cache", "--no-word-cache"] {
            let noEOS = try stepwise(["tokenize", "--tokenizer", Self.model, "--no-eos", cache], input: input)
            #expect(noEOS.stdout == idLines(cases) { Array($0.ids.dropLast()) }, "\(noEOS)")
        }
    }

    @Test func aBadLineIsNamedAfterTheLinesBeforeIt() throws {
        let result = try stepwise(["tokenize", "--tokenizer", Self.model], input: "\"ok\"\n\n[1, 2]\n\"never read\"\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.split(separator: "\n").count == 1, "\(result)")
        #expect(result.stderr == "stepwise tokenize: stdin line 3: expected a JSON string\n", "\(result)")
    }

    @Test func decodesIdsBackToStrings() throws {
        let result = try stepwise(["tokenize", "--tokenizer", Self.model, "--decode"], input: "[1]\n\n[]\r\n")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "\"\"\n\"\"\n", "\(result)")
        let bad = try stepwise(["tokenize", "--tokenizer", Self.model, "--decode"], input: "[1]\n[1.5]\n")
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.stderr == "stepwise tokenize: stdin line 2: expected integer ids, found 1.5\n", "\(bad)")
    }
}
