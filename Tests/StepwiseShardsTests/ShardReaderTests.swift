import Foundation
import Testing
@testable import StepwiseShards

@Suite struct ShardReaderTests {
    @Test func readsBackEverySampleByRangePositionAndID() async throws {
        let dir = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = ShardSchema.stepwise(textColumns: true)
        try await Support.writeSplit(dir, count: 40, schema: schema, options: ShardWriterOptions(sizeLimit: 5000))
        let reader = try ShardReader(directory: dir)
        #expect(reader.sampleCount == 40)
        #expect(reader.shardCount > 2)

        var cursor = reader.samples()
        var n = 0
        while let s = try cursor.next() {
            let expected = Support.sample(n, schema: schema)
            #expect(s.index == n)
            for name in schema.names { #expect(s[name] == expected[name], "sample \(n) column \(name)") }
            n += 1
        }
        #expect(n == 40)

        var part = reader.samples(in: 17..<22)
        var ids: [String] = []
        while let s = try part.next() { ids.append(s.id ?? "") }
        #expect(ids == (17..<22).map { "ex-\($0)" })
        #expect(try reader.sample(at: 39)?.id == "ex-39")
        #expect(try reader.sample(at: 40) == nil)
        let found = try #require(try reader.firstSample(withID: "ex-31"))
        #expect(found.index == 31)
        #expect(found.shard == reader.shardNumber(containing: 31))
        #expect(try reader.firstSample(withID: "nope") == nil)
    }

    @Test func readsUncompressedShards() async throws {
        let dir = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = ShardSchema.stepwise(tokenDType: .uint16)
        try await Support.writeSplit(dir, count: 9, schema: schema, options: ShardWriterOptions(compression: .none, sizeLimit: nil))
        let reader = try ShardReader(directory: dir)
        #expect(reader.index.shards.count == 1 && reader.index.shards[0].zipData == nil)
        #expect(try reader.sample(at: 8)?.tokens("labels") == Support.sample(8, schema: schema)["labels"]?.tokensValue)
    }
}
