// Writer benchmark: MB/s and samples/s of the MDS ShardWriter and of the Parquet writer,
// zstd on, on the same synthetic samples. Built and run by bench_writer.sh (not part of
// the package); see there.
//
//   bench-shard-writer SAMPLES WORKERS COMPRESSION [mds|mds+parquet|parquet]
//
// MB/s is over the samples' raw MDS size (what `stats.rawBytes` counts for MDS) in both
// formats, so the two lines compare the same volume of data.
import Foundation
import StepwiseParquet
import StepwiseShards

@main
struct BenchWriter {
    static func main() async throws {
        let args = CommandLine.arguments
        let samples = args.count > 1 ? Int(args[1]) ?? 200_000 : 200_000
        let workers = args.count > 2 ? Int(args[2]) ?? 1 : 1
        let compression = try ShardCompression(parsing: args.count > 3 ? args[3] : "zstd")
        let format = args.count > 4 ? args[4] : "mds"
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

        if format == "parquet" {
            try benchParquet(pool: pool, names: schema.names, samples: samples, compression: compression, out: out)
            return
        }

        // mds+parquet: the run's path with `output.formats: [mds, parquet]`, each shard also
        // decoded and written as Parquet by its compression task (ParquetShardCompanion).
        var companion: ParquetShardCompanion?
        if format == "mds+parquet" {
            let pages: ParquetCompression
            switch compression {
            case .none: pages = .none
            case .zstd(let level): pages = .zstd(level: Int32(level))
            }
            companion = ParquetShardCompanion(
                directory: out.appendingPathComponent("parquet"), split: "train", columns: ParquetLayout.columns(for: schema),
                options: ParquetWriterOptions(compression: pages))
        }
        let writer = try ShardWriter(
            directory: out, schema: schema, options: ShardWriterOptions(compression: compression, compressionWorkers: workers),
            companion: companion)
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
            format: "%@samples=%d shards=%d raw=%.1f MB stored=%.1f MB ratio=%.2f compression=%@ workers=%d time=%.2f s -> %.1f MB/s raw, %.0f samples/s",
            format.padding(toLength: 12, withPad: " ", startingAt: 0), stats.samples, stats.shards, mb, Double(stats.storedBytes) / 1_048_576, Double(stats.rawBytes) / Double(stats.storedBytes),
            compression.description, workers, seconds, mb / seconds, Double(samples) / seconds))
        if let companion {
            let dir = companion.directory
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".parquet") }
            let bytes = try files.reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent($1).path)[.size] as? Int) ?? 0) }
            print(String(format: "             + %d Parquet files, %.1f MB", files.count, Double(bytes) / 1_048_576))
        }
    }

    /// The same samples as Parquet: one file per 64 MiB of raw MDS size (as the MDS shards
    /// roll over), each written to the temp dir (no fsync; MDS fsyncs each shard).
    static func benchParquet(pool: [[ColumnValue]], names: [String], samples: Int, compression: ShardCompression, out: URL) throws {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let columns: [ParquetColumn] = names.map { $0 == "id" ? .string($0) : .int32List($0) }
        let rows: [[ParquetValue]] = pool.map { sample in
            sample.map { value -> ParquetValue in
                switch value {
                case .string(let s): return .string(s)
                case .tokens(let t): return .int32List(t)
                }
            }
        }
        // A sample's raw MDS size, as SampleCodec lays it out: a u32 length per column, the
        // text bytes, and per token column a shape header (2, 3 or 5 bytes) and 4 bytes a token.
        let rawSizes: [Int] = pool.map { sample in
            sample.reduce(0) { size, value in
                switch value {
                case .string(let s): return size + 4 + s.utf8.count
                case .tokens(let t): return size + 4 + (t.count < 256 ? 2 : t.count < 65536 ? 3 : 5) + 4 * t.count
                }
            }
        }
        let pages: ParquetCompression
        switch compression {
        case .none: pages = .none
        case .zstd(let level): pages = .zstd(level: Int32(level))
        }
        let options = ParquetWriterOptions(compression: pages)
        let sizeLimit = 1 << 26
        var raw = 0
        var stored = 0
        var files = 0
        var fileRaw = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var writer = try ParquetFileWriter(columns: columns, options: options)
        func finishFile() throws {
            let bytes = try writer.finish()
            try Data(bytes).write(to: out.appendingPathComponent(String(format: "train-%05d.parquet", files)))
            stored += bytes.count
            files += 1
            fileRaw = 0
            writer = try ParquetFileWriter(columns: columns, options: options)
        }
        // Batches of 256, as the pipeline hands them over.
        var i = 0
        var batch: [[ParquetValue]] = []
        while i < samples {
            let n = min(256, samples - i)
            batch.removeAll(keepingCapacity: true)
            for k in i..<(i + n) {
                let size = rawSizes[k % pool.count]
                if fileRaw + size > sizeLimit && (writer.rowCount > 0 || !batch.isEmpty) {
                    try writer.append(rows: batch)
                    batch.removeAll(keepingCapacity: true)
                    try finishFile()
                }
                batch.append(rows[k % pool.count])
                fileRaw += size
                raw += size
            }
            try writer.append(rows: batch)
            i += n
        }
        if writer.rowCount > 0 { try finishFile() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let mb = Double(raw) / 1_048_576
        print(String(
            format: "parquet samples=%d files=%d raw=%.1f MB stored=%.1f MB ratio=%.2f compression=%@ workers=1 time=%.2f s -> %.1f MB/s raw, %.0f samples/s",
            samples, files, mb, Double(stored) / 1_048_576, Double(raw) / Double(stored), compression.description, seconds,
            mb / seconds, Double(samples) / seconds))
    }
}
