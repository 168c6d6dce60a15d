import Foundation
import StepwiseCore
import Testing
@testable import StepwiseShards

/// Our shards against the reference writer's (`scripts/shards/make_goldens.py`, which runs
/// `mds_ref_writer.py`, byte-identical to MDSWriter): raw shards must be equal byte for byte;
/// zips and index.json too when the same libzstd version compressed them.
@Suite struct GoldenShardTests {
    static let goldenRoot = Support.fixtures.appendingPathComponent("golden")
    static let cases = ["spec_9a", "spec_9b", "stepwise_int32", "stepwise_uint16_text", "stepwise_raw_nolimit"]

    struct Case {
        let schema: ShardSchema
        let options: ShardWriterOptions
        let records: [[String: ColumnValue]]
        let zstdLibrary: String
    }

    static func load(_ name: String) throws -> Case {
        let dir = goldenRoot.appendingPathComponent(name)
        let settings = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: dir.appendingPathComponent("case.settings")))
        var columns: [String: ColumnEncoding] = [:]
        if case .object(let pairs)? = settings["columns"] {
            for (k, v) in pairs { columns[k] = ColumnEncoding(rawValue: v.stringValue ?? "") }
        }
        let compression = try settings["compression"]?.stringValue.map { try ShardCompression(parsing: $0) } ?? ShardCompression.none
        let hashes = (settings["hashes"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(ShardHashAlgorithm.init(rawValue:)) }
        let options = ShardWriterOptions(compression: compression, sizeLimit: settings["size_limit"]?.intValue, hashes: hashes)
        let text = try String(contentsOf: dir.appendingPathComponent("records.jsonl"), encoding: .utf8)
        var records: [[String: ColumnValue]] = []
        for line in text.split(separator: "\n") {
            let object = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
            guard case .object(let pairs) = object else { continue }
            var r: [String: ColumnValue] = [:]
            for (k, v) in pairs {
                if let s = v.stringValue { r[k] = .string(s) } else {
                    r[k] = .tokens((v.arrayValue ?? []).map { Int32($0.intValue ?? -1) })
                }
            }
            records.append(r)
        }
        return Case(
            schema: ShardSchema(columns: columns), options: options, records: records,
            zstdLibrary: settings["zstd_library"]?.stringValue ?? "")
    }

    @Test(arguments: cases)
    func matchesReferenceWriter(_ name: String) async throws {
        let c = try Self.load(name)
        let expected = Self.goldenRoot.appendingPathComponent(name).appendingPathComponent("expected")
        let out = try Support.tempDirectory("golden")
        defer { try? FileManager.default.removeItem(at: out) }
        let writer = try ShardWriter(directory: out, schema: c.schema, options: c.options)
        for (i, r) in c.records.enumerated() { try await writer.append(values: r, recordID: "record \(i)") }
        try await writer.finish()

        let theirs = try ShardIndex.load(from: expected.appendingPathComponent("index.json"))
        let ours = try ShardIndex.load(from: out.appendingPathComponent("index.json"))
        #expect(ours.shards.count == theirs.shards.count)
        let sameZstd = Zstd.versionString == c.zstdLibrary
        for (mine, ref) in zip(ours.shards, theirs.shards) {
            // Raw bytes: decompress ours, compare with the raw file the reference kept.
            let refRaw = try Support.bytes(expected.appendingPathComponent(ref.rawData.basename))
            let ourStored = try Support.bytes(out.appendingPathComponent(mine.storedFile.basename))
            let ourRaw = mine.zipData == nil ? ourStored : try Zstd.decompressSingleFrame(ourStored, path: "ours")
            #expect(ourRaw == refRaw, "raw bytes of \(mine.rawData.basename) differ")
            #expect(mine.rawData == ref.rawData)
            #expect(mine.samples == ref.samples)
            if let refZip = ref.zipData {
                let theirZip = try Support.bytes(expected.appendingPathComponent(refZip.basename))
                if sameZstd { #expect(ourStored == theirZip, "zip bytes of \(refZip.basename) differ") }
                // Whatever the version, their zip must decompress to the same raw shard.
                #expect(try Zstd.decompressSingleFrame(theirZip, path: "theirs") == ourRaw)
            }
        }
        if sameZstd || theirs.shards.allSatisfy({ $0.zipData == nil }) {
            #expect(try Support.bytes(out.appendingPathComponent("index.json"))
                == Support.bytes(expected.appendingPathComponent("index.json")))
        } else {
            print("GoldenShardTests: libzstd \(Zstd.versionString) here, goldens made with \(c.zstdLibrary): compared raw shards and index minus zip_data")
            var a = ours, b = theirs
            for i in a.shards.indices { a.shards[i].zipData?.bytes = 0; a.shards[i].zipData?.hashes = [:] }
            for i in b.shards.indices { b.shards[i].zipData?.bytes = 0; b.shards[i].zipData?.hashes = [:] }
            #expect(a == b)
        }
    }
}
