import StepwiseParquet

/// The datasets the tests write, shared by the Swift round-trip tests, the golden file and
/// the pyarrow / `datasets` check (`scripts/parquet/check_pyarrow.py`, which reads the
/// files ``PyarrowCaseExportTests`` writes). Deterministic: a fixed LCG, no randomness.
struct ParquetCase: Sendable {
    let name: String
    let columns: [ParquetColumn]
    let rows: [[ParquetValue]]
    var options = ParquetWriterOptions()
    var keyValueMetadata: [ParquetKeyValue] = []

    func write() throws -> [UInt8] {
        var writer = try ParquetFileWriter(columns: columns, options: options, keyValueMetadata: keyValueMetadata)
        try writer.append(rows: rows)
        return try writer.finish()
    }
}

/// The LCG of `scripts/shards/bench_writer.swift`.
struct CaseRandom {
    var state: UInt64

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    /// Token ids as the tokenizer makes them: mostly frequent ids, some rare ones, EOS last.
    mutating func tokens(mean: Int) -> [Int32] {
        var t = (0..<(mean / 2 + next(mean))).map { _ in Int32(next(8) == 0 ? next(32000) : next(2000)) }
        t.append(1)
        return t
    }
}

enum ParquetCases {
    static let tokenColumns = ["input_ids", "expl_input_ids", "labels", "teacher_labels", "aux_labels"]

    /// The MDS shard columns: `id` and the five token columns.
    static let shardColumns: [ParquetColumn] = [.string("id")] + tokenColumns.map { .int32List($0) }

    static func shardRows(_ count: Int, seed: UInt64) -> [[ParquetValue]] {
        var rng = CaseRandom(state: seed)
        return (0..<count).map { i in
            [.string("esnli-train-\(i)"), .int32List(rng.tokens(mean: 40)), .int32List(rng.tokens(mean: 40)),
             .int32List(rng.tokens(mean: 2)), .int32List(rng.tokens(mean: 2)), .int32List(rng.tokens(mean: 25))]
        }
    }

    /// Every kind, required and nullable.
    static let allKindsColumns: [ParquetColumn] = [
        .string("id"), .int32List("input_ids"), .int32List("labels"), .string("text"), .int32("count"),
        .int64("big"), .double("margin"), .bool("kept"),
        .string("maybe_text", nullable: true), .int32("maybe_count", nullable: true),
        .int64("maybe_big", nullable: true), .double("maybe_margin", nullable: true),
        .bool("maybe_kept", nullable: true), .int32List("maybe_ids", nullable: true),
    ]

    static let specialStrings = [
        "", "a", "ü", "東京タワー", "emoji 🧪🚀", "tab\there", "line\nbreak", "quote \" and \\ backslash",
        "nul \u{0} inside", "e\u{301} combining", String(repeating: "long ", count: 40),
    ]
    static let specialInt32: [Int32] = [0, 1, -1, .max, .min, 32_000, 1 << 24]
    static let specialInt64: [Int64] = [0, -1, .max, .min, 1 << 40, -(1 << 53) - 1]
    static let specialDoubles: [Double] = [
        0, -0.0, 1.5, -2.25, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e-300, 0.1,
    ]

    static func allKindsRows(_ count: Int, seed: UInt64) -> [[ParquetValue]] {
        var rng = CaseRandom(state: seed)
        func list(_ i: Int) -> [Int32] {
            switch i % 9 {
            case 0: return []
            case 1: return [Int32.max, Int32.min, 0]
            case 2: return [1]
            default: return rng.tokens(mean: 20)
            }
        }
        return (0..<count).map { i -> [ParquetValue] in
            let s = specialStrings[i % specialStrings.count]
            let n32 = specialInt32[i % specialInt32.count]
            let n64 = specialInt64[i % specialInt64.count]
            let d = specialDoubles[i % specialDoubles.count]
            let nulled = i % 4 == 1
            return [
                .string("row-\(i)"), .int32List(list(i)), .int32List(list(i + 4)), .string(s), .int32(n32), .int64(n64),
                .double(d), .bool(i % 3 == 0),
                nulled ? .null : .string(specialStrings[(i + 3) % specialStrings.count]),
                i % 5 == 2 ? .null : .int32(n32 &- Int32(i)),
                i % 3 == 2 ? .null : .int64(n64 ^ Int64(i)),
                i % 4 == 3 ? .null : .double(specialDoubles[(i + 5) % specialDoubles.count]),
                i % 7 == 6 ? .null : .bool(i % 2 == 0),
                i % 6 == 5 ? .null : .int32List(list(i + 2)),
            ]
        }
    }

    static let metadata = [
        ParquetKeyValue(key: "stepwise", value: #"{"split":"train","shard":0,"note":"ünïcode"}"#),
        ParquetKeyValue(key: "empty", value: ""),
    ]

    /// The cases the pyarrow / `datasets` check reads. `golden_small` is also the committed
    /// golden file (uncompressed, so its bytes do not depend on the libzstd version).
    static let all: [ParquetCase] = {
        var small = ParquetCase(name: "golden_small", columns: allKindsColumns, rows: allKindsRows(23, seed: 7))
        small.options = ParquetWriterOptions(compression: .none, dataPageSize: 256, rowGroupRows: 10)
        small.keyValueMetadata = metadata

        var allKinds = ParquetCase(name: "all_kinds", columns: allKindsColumns, rows: allKindsRows(2_000, seed: 1))
        allKinds.keyValueMetadata = metadata
        var allKindsPlain = ParquetCase(name: "all_kinds_uncompressed", columns: allKindsColumns, rows: allKindsRows(500, seed: 2))
        allKindsPlain.options = ParquetWriterOptions(compression: .none, statistics: false)
        var smallPages = ParquetCase(name: "small_pages_row_groups", columns: allKindsColumns, rows: allKindsRows(3_000, seed: 3))
        smallPages.options = ParquetWriterOptions(compression: .zstd(level: 3), dataPageSize: 4096, rowGroupRows: 700)

        // 25k rows of shard columns: several default (1 MiB) pages per token column.
        let shards = ParquetCase(name: "shard_columns_many_pages", columns: shardColumns, rows: shardRows(25_000, seed: 4))

        let single = ParquetCase(name: "single_row", columns: allKindsColumns, rows: [allKindsRows(3, seed: 5)[1]])
        let zero = ParquetCase(name: "zero_rows", columns: allKindsColumns, rows: [])
        var rng = CaseRandom(state: 6)
        let huge = ParquetCase(
            name: "large_values", columns: [.string("text"), .int32List("ids")],
            rows: [
                [.string(String(repeating: "x", count: 5000)), .int32List((0..<300_000).map { _ in Int32(rng.next(1 << 30)) })],
                [.string(""), .int32List([])],
                [.string(String(repeating: "ä", count: 3000)), .int32List([7])],
            ])
        let allNull = ParquetCase(
            name: "all_null", columns: allKindsColumns.filter(\.nullable),
            rows: Array(repeating: Array(repeating: .null, count: allKindsColumns.filter(\.nullable).count), count: 50))
        return [small, allKinds, allKindsPlain, smallPages, shards, single, zero, huge, allNull]
    }()
}
