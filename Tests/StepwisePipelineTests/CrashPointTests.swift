import Foundation
import PropertyBased
import StepwiseConfig
import StepwisePipeline
import StepwiseShards
import Testing

/// A run stopped at any point of the commit protocol and resumed ends byte-identical to a
/// straight run: shards, `index.json`, the Parquet copies, the dataset card, `rejects.jsonl`,
/// the dedup key logs, and the run record but for its times. The corpus has duplicates (dedup on), a long stretch without
/// explanations (rejections committed without a shard) and rejects by two stages.
@Suite struct CrashPointTests {
    /// An e-SNLI CSV corpus: every 7th row repeats an earlier row's sentences; every 13th
    /// row has no explanation (the teacher stage drops it); train's first 120 rows and all
    /// of valid have a blank one (the parse stage filters it; rejections before a split's
    /// first sample are committed without a shard).
    static func writeCorpus(_ dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let labels = ["entailment", "neutral", "contradiction"]
        func rows(_ count: Int, prefix: String, extraColumns: Bool, unexplained: Range<Int> = 0..<0) -> String {
            var out = "pairID,gold_label,Sentence1,Sentence2,Explanation_1" + (extraColumns ? ",Explanation_2,Explanation_3" : "") + "\n"
            for i in 0..<count {
                let source = i % 7 == 6 ? i / 2 : i
                let explanation = i % 13 == 0 ? "" : unexplained.contains(i) ? " " : "Because \(i) follows."
                let fields = [
                    "\(prefix)\(i)", labels[i % 3], "A person number \(source) walks.", "Someone \(source) moves.",
                    explanation,
                ] + (extraColumns ? ["", ""] : [])
                out += fields.map { "\"\($0)\"" }.joined(separator: ",") + "\n"
            }
            return out
        }
        try rows(320, prefix: "a", extraColumns: false, unexplained: 0..<120).write(to: dir.appendingPathComponent("esnli_train_1.csv"), atomically: true, encoding: .utf8)
        try rows(300, prefix: "b", extraColumns: false).write(to: dir.appendingPathComponent("esnli_train_2.csv"), atomically: true, encoding: .utf8)
        try rows(50, prefix: "v", extraColumns: true, unexplained: 0..<50).write(to: dir.appendingPathComponent("esnli_dev.csv"), atomically: true, encoding: .utf8)
        try rows(30, prefix: "t", extraColumns: true).write(to: dir.appendingPathComponent("esnli_test.csv"), atomically: true, encoding: .utf8)
    }

    static func pipeline(_ dir: URL) throws -> PipelineConfig {
        let corpus = dir.appendingPathComponent("corpus")
        try writeCorpus(corpus)
        let yaml = """
            name: crash-points
            dataset: {name: esnli, format: official, source: \(corpus.path), splits: [train, valid, test]}
            teacher: {kind: human}
            parse: {drop_duplicate_inputs: true}
            tokenizer: {path: \(repositoryRoot.path)/data/tokenizer/sample.model}
            output: {dir: \(dir.path)/out, compression: zstd, shard_size_limit: 3000, formats: [mds, parquet]}
            run: {batch_size: 8, channel_capacity: 2}
            """
        return try PipelineConfig.decode(yaml: yaml, file: "crash-points.yaml", baseDirectory: dir)
    }

    static let compared = outputParts + ["dedup", "parquet", "README.md"]

    static func run(_ config: PipelineConfig, out: URL, fault: FaultInjection? = nil) async throws {
        var options = RunOptions()
        options.outputDirectory = out
        options.workers = 2
        options.rejectCheckpointInterval = 20
        options.faultInjection = fault
        var logger = options.logger
        logger.logLevel = .critical
        options.logger = logger
        _ = try await PipelineRunner(config: config, options: options).run()
    }

    @Test func resumingFromAnyCommitPointEqualsAStraightRun() async throws {
        let scratch = try ScratchDirectory("crash-points")
        defer { scratch.remove() }
        let config = try Self.pipeline(scratch.url)
        let reference = scratch.path("reference")
        var reached: [FaultInjection.Point: Int] = [:]
        for point in FaultInjection.Point.allCases {
            let counter = FaultInjection(point: point, occurrence: 0)
            try await Self.run(config, out: scratch.path("count-\(point.rawValue)"), fault: counter)
            reached[point] = counter.reachedCount
        }
        try await Self.run(config, out: reference)
        let expected = try fileTree(reference, only: Self.compared)
        let expectedRecord = try runRecordWithoutTimes(reference.appendingPathComponent("run.json"))
        #expect(reached.values.allSatisfy { $0 >= 3 }, "the corpus should reach every point several times: \(reached)")
        #expect(try jsonLines(reference.appendingPathComponent("rejects.jsonl")).count >= 100)
        #expect(expected.keys.contains("dedup/train.keys"))
        let shards = expected.keys.filter { $0.hasSuffix(".mds.zstd") }.count
        #expect(shards >= 6 && expected.keys.filter { $0.hasSuffix(".parquet") }.count == shards)

        let points = FaultInjection.Point.allCases
        await propertyCheck(count: 12, input: Gen.int(in: 0..<points.count), Gen.int(in: 1...1000)) { which, pick in
            let point = points[which]
            let occurrence = 1 + pick % max(1, reached[point] ?? 1)
            let out = scratch.path("out-\(point.rawValue)-\(occurrence)-\(UUID().uuidString)")
            do {
                await #expect(throws: (any Error).self) {
                    try await Self.run(config, out: out, fault: FaultInjection(point: point, occurrence: occurrence))
                }
                try await Self.run(config, out: out)
                #expect(try fileTree(out, only: Self.compared) == expected, "stopped at \(point.rawValue) #\(occurrence)")
                #expect(try runRecordWithoutTimes(out.appendingPathComponent("run.json")) == expectedRecord)
            } catch {
                Issue.record("stopped at \(point.rawValue) #\(occurrence), the resumed run failed: \(error)")
            }
            try? FileManager.default.removeItem(at: out)
        }
    }

    /// The duplicate filter remembers committed inputs across a resume: a stop early in
    /// train, where the duplicates' originals are committed, still drops their repeats.
    @Test func duplicatesOfCommittedRecordsAreDroppedAfterAResume() async throws {
        let scratch = try ScratchDirectory("crash-dedup")
        defer { scratch.remove() }
        let config = try Self.pipeline(scratch.url)
        let out = scratch.path("out")
        await #expect(throws: (any Error).self) {
            try await Self.run(config, out: out, fault: FaultInjection(point: .beforeRecordPromotion, occurrence: 3))
        }
        try await Self.run(config, out: out)
        let reasons = try jsonLines(out.appendingPathComponent("rejects.jsonl")).compactMap { $0["reason"] as? String }
        // Train rows 6, 13, 20, … repeat rows 3, 6, 10, …: about one in seven of the kept.
        #expect(reasons.filter { $0 == "duplicate_input" }.count >= 60)
        let ids = try shardSampleIDs(out.appendingPathComponent("train"))
        #expect(Set(ids).count == ids.count)
    }

    /// Three recorded samples per record, voted on: every 4th record's third sample says
    /// another label, every 9th record's second sample has no answer. Keep `agreeing`: two or
    /// three examples per record, never split across shards.
    static func samplesPipeline(_ dir: URL) throws -> PipelineConfig {
        let corpus = dir.appendingPathComponent("corpus")
        try writeCorpus(corpus)
        let labels = ["entailment", "neutral", "contradiction"]
        var lines: [String] = []
        for (prefix, count) in [("a", 320), ("b", 300), ("v", 50), ("t", 30)] {
            for i in 0..<count {
                for sample in 0..<3 {
                    var label = labels[i % 3]
                    if sample == 2 && i % 4 == 0 { label = labels[(i + 1) % 3] }
                    let text = sample == 1 && i % 9 == 0 ? "No idea." : "Because \(i) follows (\(sample)).\nAnswer: \(label)"
                    let record: [String: Any] = ["id": "\(prefix)\(i)", "sample": sample, "completion": text]
                    lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self))
                }
            }
        }
        let recordings = dir.appendingPathComponent("samples.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: recordings, atomically: true, encoding: .utf8)
        let yaml = """
            name: crash-points-samples
            dataset: {name: esnli, format: official, source: \(corpus.path), splits: [train, valid, test]}
            prompt: {exemplars: \(repositoryRoot.path)/Pipelines/prompts/esnli.yaml, style: completion}
            teacher: {kind: replay, recordings: \(recordings.path), samples: 3, keep: agreeing}
            parse: {drop_duplicate_inputs: true}
            tokenizer: {path: \(repositoryRoot.path)/data/tokenizer/sample.model}
            output: {dir: \(dir.path)/out, compression: zstd, shard_size_limit: 3000, formats: [mds, parquet]}
            run: {batch_size: 8, channel_capacity: 2}
            """
        return try PipelineConfig.decode(yaml: yaml, file: "crash-points-samples.yaml", baseDirectory: dir)
    }

    @Test func withSeveralSamplesResumingFromAnyCommitPointEqualsAStraightRun() async throws {
        let scratch = try ScratchDirectory("crash-points-samples")
        defer { scratch.remove() }
        let config = try Self.samplesPipeline(scratch.url)
        let reference = scratch.path("reference")
        try await Self.run(config, out: reference)
        let expected = try fileTree(reference, only: Self.compared)
        let expectedRecord = try runRecordWithoutTimes(reference.appendingPathComponent("run.json"))
        let record = try #require(try RunRecord.load(from: reference.appendingPathComponent("run.json")))
        let train = try #require(record.splits["train"])
        #expect(train.votes["3/3"] ?? 0 > 0 && train.votes["2/3"] ?? 0 > 0, "\(train.votes)")
        #expect(train.shards >= 6)
        // Every record's kept samples sit in one shard.
        let reader = try ShardReader(directory: reference.appendingPathComponent("train"))
        var cursor = reader.samples()
        var shardOf: [String: Int] = [:]
        while let sample = try cursor.next() {
            let id = try #require(sample.id)
            let shard = try #require(reader.shardNumber(containing: sample.index))
            if let earlier = shardOf[id] { #expect(earlier == shard, "\(id) split across shards") }
            shardOf[id] = shard
        }

        for point in FaultInjection.Point.allCases {
            let counter = FaultInjection(point: point, occurrence: 0)
            try await Self.run(config, out: scratch.path("count-\(point.rawValue)"), fault: counter)
            // The commit points proper are reached once per shard; a reject checkpoint needs a
            // long filtered stretch, which this corpus may not have.
            if point == .beforeShardRename || point == .beforeRecordPromotion { #expect(counter.reachedCount >= 6) }
            for occurrence in [1, 3] where occurrence <= counter.reachedCount {
                let out = scratch.path("out-\(point.rawValue)-\(occurrence)")
                await #expect(throws: (any Error).self) {
                    try await Self.run(config, out: out, fault: FaultInjection(point: point, occurrence: occurrence))
                }
                try await Self.run(config, out: out)
                #expect(try fileTree(out, only: Self.compared) == expected, "stopped at \(point.rawValue) #\(occurrence)")
                #expect(try runRecordWithoutTimes(out.appendingPathComponent("run.json")) == expectedRecord)
                try? FileManager.default.removeItem(at: out)
            }
        }
    }
}
