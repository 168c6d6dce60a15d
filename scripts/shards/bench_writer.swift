// Writer benchmark: MB/s (raw shard bytes) and samples/s of ShardWriter with zstd on.
// Built and run by bench_writer.sh (not part of the package); see there.
import Foundation
import StepwiseShards

@main
struct BenchWriter {
    static func main() async throws {
        let args = CommandLine.arguments
        let samples = args.count > 1 ? Int(args[1]) ?? 200_000 : 200_000
        let workers = args.count > 2 ? Int(args[2]) ?? 1 : 1
        let compression = try ShardCompression(parsing: args.count > 3 ? args[3] : "zstd")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let schema = ShardSchema.stepwise()

        // e-SNLI-like token lengths (predict/explain inputs ~40, labels 2, rationale ~25),
        // ids drawn from a skewed distribution so zstd sees realistic redundancy.
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func tokens(_ mean: Int) -> [Int32] {
            var t = (0..<(mean / 2 + next(mean))).map { _ in Int32(next(8) == 0 ? next(32000) : next(2000)) }
            t.append(1)
            return t
        }
        // 65,536 distinct samples (~30 MB): more than zstd's window at level 3, so repeats
        // do not inflate the ratio.
        let pool: [[ColumnValue]] = (0..<65536).map { i in
            schema.names.map { name -> ColumnValue in
                switch name {
                case "id": return .string("esnli-\(i)")
                case "input_ids", "expl_input_ids": return .tokens(tokens(40))
                case "labels", "teacher_labels": return .tokens(tokens(2))
                default: return .tokens(tokens(25))
                }
            }
        }

        let writer = try ShardWriter(
            directory: out, schema: schema, options: ShardWriterOptions(compression: compression, compressionWorkers: workers))
        let start = DispatchTime.now().uptimeNanoseconds
        // Batches of 256, as the pipeline hands them over.
        var i = 0
        while i < samples {
            let n = min(256, samples - i)
            try await writer.append(rows: (i..<(i + n)).map { ("r\($0)", pool[$0 % pool.count]) })
            i += n
        }
        let stats = try await writer.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let mb = Double(stats.rawBytes) / 1_048_576
        print(String(
            format: "samples=%d shards=%d raw=%.1f MB stored=%.1f MB ratio=%.2f compression=%@ workers=%d time=%.2f s -> %.1f MB/s raw, %.0f samples/s",
            stats.samples, stats.shards, mb, Double(stats.storedBytes) / 1_048_576, Double(stats.rawBytes) / Double(stats.storedBytes),
            compression.description, workers, seconds, mb / seconds, Double(samples) / seconds))
    }
}
