import Foundation
import Testing

/// `stepwise run` end to end through the executable: success, rerun, refused change,
/// `--until` to standard output.
@Suite struct RunCommandTests {
    @Test func runRerunAndChangedPipeline() throws {
        let scratch = try ScratchDirectory("run")
        defer { scratch.remove() }
        try scratch.write("pipeline.yaml", esnliPipeline())

        let first = try stepwise(["run", "pipeline.yaml"], in: scratch.url)
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.isEmpty, "progress and summary go to standard error: \(first)")
        #expect(first.stderr.contains("cli-test: finished in"), "\(first)")
        #expect(first.stderr.contains("train: 13 samples in 1 shards, 2 filtered (label_outside_space 1, no_answer_phrase 1)"), "\(first)")
        // The final progress line says where the time went: every stage's busy seconds,
        // the loader's and the shard writer's ("write", after the stages) included.
        let final = try #require(first.stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).last { $0.contains("] done ") })
        let parts = final.components(separatedBy: " | ")
        #expect(parts.first?.contains("load") == true && parts.first?.contains(" busy ") == true, "\(final)")
        #expect(parts.last?.hasPrefix("write ") == true && parts.last?.contains(" busy ") == true, "\(final)")
        for split in ["train", "valid", "test"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path("out/\(split)/index.json").path))
        }

        let again = try stepwise(["run", "pipeline.yaml", "--workers", "1"], in: scratch.url)
        #expect(again.status == 0, "\(again)")
        #expect(again.stderr.contains("nothing to do"), "\(again)")

        // A changed pipeline into the same directory is a configuration error (2) naming the key.
        try scratch.write(
            "pipeline.yaml",
            esnliPipeline().replacingOccurrences(of: "max_target_tokens: 256", with: "max_target_tokens: 128"))
        let changed = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(changed.status == 2, "\(changed)")
        #expect(changed.stderr.contains("tokenizer.max_target_tokens"), "\(changed)")
        #expect(changed.stderr.contains("--fresh"), "\(changed)")

        let fresh = try stepwise(["run", "pipeline.yaml", "--quiet", "--fresh"], in: scratch.url)
        #expect(fresh.status == 0, "\(fresh)")
        let record = try String(contentsOf: scratch.path("out/run.json"), encoding: .utf8)
        #expect(record.contains("\"max_target_tokens\": 128"), "\(record.prefix(400))")
    }

    @Test func untilLoadWritesJSONLinesToStandardOutput() throws {
        let scratch = try ScratchDirectory("run-until")
        defer { scratch.remove() }
        try scratch.write("pipeline.yaml", esnliPipeline())
        let result = try stepwise(["run", "pipeline.yaml", "--until", "load", "--jsonl", "-", "--limit", "2"], in: scratch.url)
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 6, "two records from each of three splits: \(result)")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["dataset"] as? String == "esnli")
            #expect((object["index"] as? Int).map { $0 < 2 } == true)
        }
        #expect(result.stderr.contains("wrote 6 records after stage 'load' to standard output"), "\(result)")
        // An --until run must not go into a directory holding a shard run.
        let shards = try stepwise(["run", "pipeline.yaml", "--quiet"], in: scratch.url)
        #expect(shards.status == 0, "\(shards)")
        let mixed = try stepwise(["run", "pipeline.yaml", "--until", "load", "--jsonl", "x.jsonl"], in: scratch.url)
        #expect(mixed.status == 2, "\(mixed)")
        #expect(mixed.stderr.contains("holds a shard run"), "\(mixed)")
    }
}
