import Foundation
import StepwiseCore
import Testing
@testable import StepwiseShards

/// Our output read by the real `streaming.StreamingDataset` (through
/// `scripts/shards/check_streaming.sh`): every sample of a single-machine split, an
/// uncompressed split, a merged partitioned split and a split whose run is still writing,
/// compared with the values written.
/// Skipped, with the reason printed, when the venv with mosaicml-streaming is not there
/// (the test never installs it; CI runs the script itself, which does).
@Suite struct StreamingReadTests {
    @Test func streamingDatasetReadsWhatWeWrote() async throws {
        let root = try Support.tempDirectory("streaming")
        defer { try? FileManager.default.removeItem(at: root) }
        var expected: [String] = []
        func record(_ split: String, _ index: Int, _ values: [String: ColumnValue]) {
            var fields: [(String, JSONValue)] = [("split", .string(split)), ("index", .int(index))]
            for name in values.keys.sorted() {
                switch values[name] {
                case .string(let s)?: fields.append((name, .string(s)))
                case .tokens(let t)?: fields.append((name, .array(t.map { .int(Int($0)) })))
                case nil: break
                }
            }
            expected.append(JSONValue.object(fields).jsonText())
        }

        // train: two ranks, merged; uint16 tokens and text columns; hashes.
        let textSchema = ShardSchema.stepwise(tokenDType: .uint16, textColumns: true)
        let hashed = ShardWriterOptions(compression: .zstd(level: 5), sizeLimit: 4000, hashes: [.sha1, .xxh64])
        var position = 0
        for rank in 0..<2 {
            let writer = try ShardWriter(
                directory: ShardDirectory.splitDirectory(root: root, split: "train", rank: rank), schema: textSchema, options: hashed)
            for i in stride(from: rank, to: 25, by: 2) {
                let v = Support.sample(i, schema: textSchema)
                try await writer.append(values: v, recordID: "ex-\(i)")
                record("train", position, v)
                position += 1
            }
            try await writer.finish()
        }
        _ = try ShardMerger.merge(root: root)
        // valid: int32, zstd level 3, several shards.
        let valid = try ShardWriter(directory: root.appendingPathComponent("valid"), schema: .stepwise(), options: ShardWriterOptions(sizeLimit: 3000))
        for i in 0..<20 {
            let v = Support.sample(i, schema: .stepwise())
            try await valid.append(values: v, recordID: "ex-\(i)")
            record("valid", i, v)
        }
        try await valid.finish()
        // test: uncompressed, one shard.
        let test = try ShardWriter(directory: root.appendingPathComponent("test"), schema: .stepwise(), options: ShardWriterOptions(compression: .none))
        for i in 0..<7 {
            let v = Support.sample(100 + i, schema: .stepwise())
            try await test.append(values: v, recordID: "ex-\(i)")
            record("test", i, v)
        }
        try await test.finish()
        // partial: a run still in progress (or killed): committed shards plus a shard being
        // written. StreamingDataset must read exactly the committed samples.
        let running = try ShardWriter(directory: root.appendingPathComponent("partial"), schema: .stepwise(), options: ShardWriterOptions(sizeLimit: 2500))
        for i in 0..<30 { try await running.append(values: Support.sample(i, schema: .stepwise()), recordID: "ex-\(i)") }
        await running.settleInFlightWithoutCommitting()
        let committed = await running.committedSamples
        #expect(committed > 0 && committed < 30)
        for i in 0..<committed { record("partial", i, Support.sample(i, schema: .stepwise())) }
        let expectedURL = root.appendingPathComponent("expected.jsonl")
        try Data((expected.joined(separator: "\n") + "\n").utf8).write(to: expectedURL)

        let script = Support.repoRoot.appendingPathComponent("scripts/shards/check_streaming.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, root.path, "--expected", expectedURL.path, "--validate-hash", "xxh64"]
        var env = ProcessInfo.processInfo.environment
        env["STEPWISE_NO_INSTALL"] = "1"
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if output.hasPrefix("SKIP:") {
            print("StreamingReadTests skipped: \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
            return
        }
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("train: 25 samples read by StreamingDataset"), "\(output)")
        #expect(output.contains("valid: 20 samples"), "\(output)")
        #expect(output.contains("test: 7 samples"), "\(output)")
        #expect(output.contains("partial: \(committed) samples"), "\(output)")
        #expect(output.contains("OK: \(52 + committed) samples"), "\(output)")
        #expect(output.contains("train/index.json: byte-identical to streaming merge_index over 2 rank folders"), "\(output)")
    }
}
