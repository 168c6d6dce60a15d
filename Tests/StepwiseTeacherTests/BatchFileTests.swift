import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseTeacher

struct BatchFileTests {
    @Test("export skips cached and repeated prompts; import fills the cache under the same keys")
    func roundTrip() async throws {
        let dir = try temporaryDirectory()
        let cache = try CompletionCache(path: dir.appendingPathComponent("cache.sqlite"))
        let options = OpenAITeacherOptions(baseURL: URL(string: "http://127.0.0.1:1/v1")!, model: "gpt-x", maxTokens: 100, stop: ["\n\n"], seed: 7)
        let records = promptedRecords(10, duplicateEvery: 8)
        try cache.store([CacheEntry(key: CacheKey(prompt: records[0].prompt, options: options), completion: "known", finishReason: "stop", model: "gpt-x", origin: "request")])

        let file = dir.appendingPathComponent("batch.jsonl")
        let writer = try BatchRequestWriter(options: options, cache: cache, output: file)
        try writer.write(Array(records[0..<5]))
        try writer.write(Array(records[5...]))
        let summary = try writer.finish()
        // Record 0 and its repeat 8 are cached, record 9 repeats record 1.
        #expect(summary == BatchRequestWriter.Summary(requests: 7, cached: 2, duplicates: 1))
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        #expect(lines.count == 7)
        let first = lines[0]
        #expect(first["method"] as? String == "POST")
        #expect(first["url"] as? String == "/v1/completions")
        let body = first["body"] as? [String: Any]
        #expect(body?["model"] as? String == "gpt-x")
        #expect(body?["max_tokens"] as? Int == 100)
        #expect(body?["seed"] as? Int == 7)
        #expect((body?["prompt"] as? [String])?.count == 1)
        #expect(first["custom_id"] as? String == CacheKey(prompt: records[1].prompt, options: options).hex)

        // A provider output file: five answers, one failed request, one malformed response.
        var output = ""
        for (i, line) in lines.enumerated() {
            let id = line["custom_id"] as? String ?? ""
            switch i {
            case 5: output += "{\"id\":\"b\(i)\",\"custom_id\":\"\(id)\",\"response\":{\"status_code\":500,\"body\":{}},\"error\":null}\n"
            case 6: output += "{\"id\":\"b\(i)\",\"custom_id\":\"\(id)\",\"response\":{\"status_code\":200,\"body\":{\"choices\":[]}},\"error\":null}\n"
            default:
                output += "{\"id\":\"b\(i)\",\"custom_id\":\"\(id)\",\"response\":{\"status_code\":200,\"body\":{\"model\":\"gpt-x-2024\",\"choices\":[{\"index\":0,\"text\":\"answer \(i)\",\"finish_reason\":\"stop\"}]}},\"error\":null}\n"
            }
        }
        let outputFile = dir.appendingPathComponent("out.jsonl")
        try output.write(to: outputFile, atomically: true, encoding: .utf8)
        let imported = try BatchResultImporter.run(file: outputFile, cache: cache)
        #expect(imported.imported == 5)
        #expect(imported.failed == 1)
        #expect(imported.unusable == 1)

        // Exporting again asks only for the two still missing.
        let again = try BatchRequestWriter(options: options, cache: cache, output: dir.appendingPathComponent("batch2.jsonl"))
        try again.write(records)
        #expect(try again.finish().requests == 2)
    }
}
