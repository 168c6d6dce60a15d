import Foundation
import StepwisePipeline
import Testing

/// `--until STAGE --jsonl FILE`: each stage's records as JSON lines with the field names
/// documented in `Schemas/record.*.schema.json`.
@Suite struct UntilStageTests {
    static let loadFields: Set<String> = ["id", "dataset", "split", "index", "fields", "input", "label", "explanation"]
    static let promptFields = loadFields.union(["prompt"])
    static let teacherFields = promptFields.union(["completion", "cached", "attempts"])
    static let parseFields = teacherFields.union(["rationale", "teacher_label", "status", "reason"])
    static let tokenizeFields = parseFields.union(
        ["input_ids", "expl_input_ids", "labels", "teacher_labels", "aux_labels", "truncated"])

    /// Runs the quickstart copy until `stage` and returns the JSON objects written.
    private func dump(_ stage: StopStage, scratch: ScratchDirectory) async throws -> [[String: Any]] {
        let config = try QuickstartCopy().load(into: scratch.url)
        let jsonl = scratch.path("\(stage.rawValue).jsonl")
        let summary = try await runPipeline(config, out: scratch.path("out-\(stage.rawValue)"), until: stage, jsonl: jsonl)
        let records = try jsonLines(jsonl)
        #expect(summary.text.contains("wrote \(records.count) records after stage '\(stage.rawValue)'"), "\(summary.text)")
        return records
    }

    @Test func loadRecordsHaveTheSourceFields() async throws {
        let scratch = try ScratchDirectory("until-load")
        defer { scratch.remove() }
        let records = try await dump(.load, scratch: scratch)
        #expect(records.count == 30)
        for r in records {
            #expect(Set(r.keys) == Self.loadFields, "\(r["id"] ?? "?"): \(r.keys.sorted())")
            #expect(r["dataset"] as? String == "esnli")
            #expect(!(r["input"] as? String ?? "").isEmpty)
            #expect(["entailment", "neutral", "contradiction"].contains(r["label"] as? String ?? ""))
            #expect(r["fields"] is [String: Any])
        }
        // Splits come in pipeline order, and indexes count from 0 within each split.
        let order = records.map { quickstartSplits.firstIndex(of: $0["split"] as? String ?? "") ?? -1 }
        #expect(!order.contains(-1))
        #expect(order == order.sorted())
        for split in quickstartSplits {
            let indexes = records.filter { $0["split"] as? String == split }.compactMap { $0["index"] as? Int }
            #expect(indexes == Array(0..<indexes.count), "\(split) indexes: \(indexes)")
        }
    }

    @Test func promptRecordsAddThePrompt() async throws {
        let scratch = try ScratchDirectory("until-prompt")
        defer { scratch.remove() }
        let records = try await dump(.prompt, scratch: scratch)
        #expect(records.count == 30)
        for r in records {
            #expect(Set(r.keys) == Self.promptFields, "\(r.keys.sorted())")
            let prompt = try #require(r["prompt"] as? String)
            // A completion-style few-shot prompt ends with the record's own question.
            #expect(prompt.hasSuffix("Reasonings:"), "\(prompt.suffix(80))")
            let fields = try #require(r["fields"] as? [String: Any])
            let hypothesis = try #require(fields["Sentence2"] as? String)
            #expect(prompt.contains("Hypothesis: \(hypothesis)"))
        }
    }

    @Test func teacherRecordsAddTheCompletion() async throws {
        let scratch = try ScratchDirectory("until-teacher")
        defer { scratch.remove() }
        let records = try await dump(.teacher, scratch: scratch)
        #expect(records.count == 30)
        let optional: Set<String> = ["failure", "finish_reason"]
        for r in records {
            #expect(Self.teacherFields.isSubset(of: Set(r.keys)), "\(r.keys.sorted())")
            #expect(Set(r.keys).subtracting(Self.teacherFields).isSubset(of: optional), "\(r.keys.sorted())")
            #expect(!(r["completion"] as? String ?? "").isEmpty)
            #expect(r["cached"] is Bool)
            #expect(r["attempts"] is Int)
        }
    }

    @Test func parseRecordsAddRationaleLabelAndStatus() async throws {
        let scratch = try ScratchDirectory("until-parse")
        defer { scratch.remove() }
        let records = try await dump(.parse, scratch: scratch)
        #expect(records.count == 30, "filtered records stay in the parse dump")
        for r in records {
            // Filtered records are shown as their rejects.jsonl line: with the stage, without
            // the facts of one run (cached, attempts).
            let expected = r["status"] as? String == "filtered"
                ? Self.parseFields.subtracting(["cached", "attempts"]).union(["stage"]) : Self.parseFields
            #expect(Set(r.keys).isSuperset(of: expected), "\(r.keys.sorted())")
            let status = r["status"] as? String
            #expect(status == "kept" || status == "filtered")
            if status == "kept" {
                #expect(r["reason"] is NSNull)
                #expect(!(r["rationale"] as? String ?? "").isEmpty)
            } else {
                #expect(!(r["reason"] as? String ?? "").isEmpty)
            }
        }

        // The filtered ones are exactly the records a full run writes to rejects.jsonl.
        let out = scratch.path("full")
        try await runPipeline(try QuickstartCopy().load(into: scratch.url), out: out)
        let rejected = try jsonLines(out.appendingPathComponent("rejects.jsonl"))
        let filtered = records.filter { $0["status"] as? String == "filtered" }
        #expect(!filtered.isEmpty)
        #expect(filtered.compactMap { $0["id"] as? String } == rejected.compactMap { $0["id"] as? String })
        #expect(filtered.compactMap { $0["reason"] as? String } == rejected.compactMap { $0["reason"] as? String })
    }

    @Test func tokenizeRecordsAddTokenIdsEqualToTheShards() async throws {
        let scratch = try ScratchDirectory("until-tokenize")
        defer { scratch.remove() }
        let records = try await dump(.tokenize, scratch: scratch)
        // The parse stage's drops are not in the tokenize dump (they are in rejects.jsonl).
        #expect(records.count == 28)
        #expect(records.allSatisfy { $0["status"] as? String == "kept" })
        let kept = records

        // The ids in the dump are the ids the shards hold, sample for sample.
        let out = scratch.path("full")
        try await runPipeline(try QuickstartCopy().load(into: scratch.url), out: out)
        var shardInputIDs: [String: [Int32]] = [:]
        for split in quickstartSplits {
            for (id, ids) in try shardTokenColumn(out.appendingPathComponent(split), "input_ids") {
                shardInputIDs[id] = ids
            }
        }
        #expect(shardInputIDs.count == kept.count)
        for r in kept {
            #expect(Set(r.keys) == Self.tokenizeFields, "\(r.keys.sorted())")
            let id = try #require(r["id"] as? String)
            let ids = try #require(r["input_ids"] as? [Int])
            #expect(ids.last == 1, "\(id): input_ids must end with EOS")
            #expect(ids.map(Int32.init) == shardInputIDs[id], "\(id): input_ids differ from the shard's")
            #expect(!(r["aux_labels"] as? [Int] ?? []).isEmpty)
        }
    }
}
