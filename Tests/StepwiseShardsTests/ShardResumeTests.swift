import Foundation
import Testing
@testable import StepwiseShards

/// A writer abandoned mid-run (as after `kill -9`) and resumed gives exactly the bytes of an
/// uninterrupted run.
@Suite struct ShardResumeTests {
    let schema = ShardSchema.stepwise()
    let options = ShardWriterOptions(sizeLimit: 2500, hashes: [.sha1])

    @Test(arguments: [7, 23, 41])
    func resumedRunIsByteIdentical(stopAfter: Int) async throws {
        let whole = try Support.tempDirectory(), resumed = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: whole); try? FileManager.default.removeItem(at: resumed) }
        try await Support.writeSplit(whole, count: 60, options: options)

        // First attempt: appends `stopAfter` samples, then "dies" without finish().
        let first = try ShardWriter(directory: resumed, schema: schema, options: options)
        for i in 0..<stopAfter { try await first.append(values: Support.sample(i, schema: schema), recordID: "ex-\(i)") }
        await first.settleInFlightWithoutCommitting()
        let committed = await first.committedSamples
        // Debris a killed run can leave: a half-written shard, a shard renamed but not yet
        // listed, a stale stats file, and a decompressed copy left by a reader.
        let next = ShardDirectory.rawName(try ShardIndexCount(resumed)) + ".zstd"
        try Data([1, 2, 3]).write(to: resumed.appendingPathComponent(next + ".partial"))
        try Data([4, 5, 6]).write(to: resumed.appendingPathComponent(next))
        try Data("{}".utf8).write(to: resumed.appendingPathComponent("stats.stepwise"))
        if committed > 0 { try Data([7]).write(to: resumed.appendingPathComponent("shard.00000.mds")) }

        let second = try ShardWriter(resumingIn: resumed, schema: schema, options: options)
        let skip = await second.committedSamples
        #expect(skip == committed)
        #expect(skip <= stopAfter)
        for i in skip..<60 { try await second.append(values: Support.sample(i, schema: schema), recordID: "ex-\(i)") }
        try await second.finish()
        #expect(try Support.tree(resumed) == Support.tree(whole))
    }

    @Test func refusesToResumeWithOtherSettings() async throws {
        let dir = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Support.writeSplit(dir, count: 10, options: options)
        var other = options
        other.compression = .zstd(level: 9)
        #expect(throws: ShardError.self) { _ = try ShardWriter(resumingIn: dir, schema: schema, options: other) }
        #expect(throws: ShardError.self) {
            _ = try ShardWriter(resumingIn: dir, schema: .stepwise(tokenDType: .uint16), options: options)
        }
    }

    @Test func refusesToResumeOverAMissingShard() async throws {
        let dir = try Support.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await Support.writeSplit(dir, count: 30, options: options)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("shard.00001.mds.zstd"))
        #expect(throws: ShardError.self) { _ = try ShardWriter(resumingIn: dir, schema: schema, options: options) }
    }

    private func ShardIndexCount(_ dir: URL) throws -> Int {
        let url = dir.appendingPathComponent("index.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return 0 }
        return try ShardIndex.load(from: url).shards.count
    }
}
