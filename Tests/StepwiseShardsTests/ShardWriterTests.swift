import Foundation
import StepwiseCore
import Synchronization
import Testing
@testable import StepwiseShards

@Suite struct ShardWriterTests {
    @Test func rollsOverAtTheLimitAndReportsEachCommit() async throws {
        let dir = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let commits = Mutex<[ShardCommit]>([])
        let schema = ShardSchema.stepwise()
        let writer = try ShardWriter(
            directory: dir, schema: schema, options: ShardWriterOptions(sizeLimit: 3000),
            onCommit: { c in commits.withLock { $0.append(c) } })
        for i in 0..<50 { try await writer.append(values: Support.sample(i, schema: schema), recordID: "ex-\(i)") }
        let stats = try await writer.finish()

        let index = try ShardIndex.load(from: dir.appendingPathComponent("index.json"))
        #expect(index.sampleCount == 50)
        #expect(index.shards.count > 3)
        #expect(index.shards.allSatisfy { $0.rawData.bytes <= 3000 && $0.samples > 0 })
        let seen = commits.withLock { $0 }
        #expect(seen.map(\.shard) == Array(0..<index.shards.count))
        #expect(seen.map(\.samples) == index.shards.map(\.samples))
        #expect(seen.last?.committedSamples == 50)
        #expect(seen.map(\.basename) == index.shards.map { $0.zipData?.basename ?? "" })
        #expect(stats.samples == 50 && stats.shards == index.shards.count)
        // Only committed files remain: no .partial, no raw copies.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == (["index.json", "stats.stepwise"] + index.shards.map { $0.zipData?.basename ?? "" }).sorted())
        // Every shard would also have fit one more sample only by passing the limit (MDSWriter's rule).
        let reader = try ShardReader(directory: dir)
        for i in 0..<(index.shards.count - 1) {
            let nextSample = try reader.loadShard(i + 1).raw.range(ofSample: 0).count
            #expect(index.shards[i].rawData.bytes + nextSample + 4 > 3000)
        }
    }

    @Test func bytesAreDeterministicWhateverTheCompressionWorkers() async throws {
        let a = try Support.tempDirectory(), b = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let opts = ShardWriterOptions(sizeLimit: 2500, hashes: [.xxh64, .sha1])
        try await Support.writeSplit(a, count: 80, options: opts)
        var four = opts
        four.compressionWorkers = 4
        // The same samples through the batch API, in uneven batches.
        let schema = ShardSchema.stepwise()
        let writer = try ShardWriter(directory: b, schema: schema, options: four)
        var i = 0
        for size in [1, 30, 7, 42] {
            try await writer.append(rows: (i..<(i + size)).map { n in
                ("ex-\(n)", schema.names.map { Support.sample(n, schema: schema)[$0] ?? .string("") })
            })
            i += size
        }
        try await writer.finish()
        let ta = try Support.tree(a), tb = try Support.tree(b)
        #expect(ta.count > 5)
        #expect(ta == tb)
        let index = try ShardIndex.load(from: a.appendingPathComponent("index.json"))
        #expect(index.shards[0].hashes == ["sha1", "xxh64"])
        #expect(index.shards[0].zipData?.hashes.keys.sorted() == ["sha1", "xxh64"])
    }

    @Test func zeroSamplesWriteNoIndexButAZeroStatsFile() async throws {
        let dir = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stats = try await Support.writeSplit(dir, count: 0)
        #expect(stats.samples == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("index.json").path))
        #expect(try SplitStats.load(from: dir.appendingPathComponent("stats.stepwise")).samples == 0)
    }

    @Test func refusesADirectoryThatAlreadyHasAnIndex() async throws {
        let dir = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Support.writeSplit(dir, count: 3)
        #expect(throws: ShardError.self) { _ = try ShardWriter(directory: dir, schema: .stepwise()) }
    }

    @Test func appendsTokenizedExamplesWithTextColumns() async throws {
        let dir = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = SourceRecord(id: "pair-1", dataset: "esnli", split: "train", index: 0, input: "A man. </s> A person.", label: "entailment")
        let prompted = PromptedRecord(source: source, prompt: .text(""))
        let teacher = TeacherRecord(prompted: prompted, completion: "x", cached: true, attempts: 0)
        let parsed = ParsedRecord(teacher: teacher, rationale: "A man is a person.", teacherLabel: "entailment", status: .kept)
        let example = TokenizedExample(
            parsed: parsed, inputIds: [9, 8, 1], explInputIds: [7, 1], labels: [3, 1], teacherLabels: [3, 1], auxLabels: [5, 6, 1])
        let writer = try ShardWriter(directory: dir, schema: .stepwise(tokenDType: .uint16, textColumns: true))
        try await writer.append([example])
        try await writer.finish()
        let s = try #require(try ShardReader(directory: dir).sample(at: 0))
        #expect(s.names == ["aux_labels", "expl_input_ids", "id", "input", "input_ids", "label", "labels", "rationale", "teacher_label", "teacher_labels"])
        #expect(s.id == "pair-1")
        #expect(s.tokens("input_ids") == [9, 8, 1])
        #expect(s.tokens("aux_labels") == [5, 6, 1])
        #expect(s.string("rationale") == "A man is a person.")
        #expect(s.string("label") == "entailment")
    }
}
