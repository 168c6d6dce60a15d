import Foundation
import StepwiseParquet
import Testing

/// Writes every case of ``ParquetCases`` into `$STEPWISE_PARQUET_CASES_DIR` for
/// `scripts/parquet/check_pyarrow.py` (which sets it and runs this test): per case
/// `NAME.parquet`, `NAME.case.json` (columns, metadata, options) and `NAME.rows.jsonl`
/// (the rows as appended: one JSON array per row; a double is `{"f64": "<16 hex digits of
/// its bits>"}` so NaN, infinities and -0.0 survive). Skipped when the variable is unset.
@Suite struct PyarrowCaseExportTests {
    static let directory = ProcessInfo.processInfo.environment["STEPWISE_PARQUET_CASES_DIR"]

    @Test(.enabled(if: directory != nil, "set STEPWISE_PARQUET_CASES_DIR to export the cases"))
    func exportCases() throws {
        let dir = URL(fileURLWithPath: Self.directory!)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for c in ParquetCases.all {
            try Data(c.write()).write(to: dir.appendingPathComponent("\(c.name).parquet"))
            var lines = ""
            for row in c.rows { lines += "[" + row.map(Self.json).joined(separator: ",") + "]\n" }
            try Data(lines.utf8).write(to: dir.appendingPathComponent("\(c.name).rows.jsonl"))
            let compression: String
            switch c.options.compression {
            case .none: compression = "none"
            case .zstd: compression = "zstd"
            }
            let columns = c.columns.map {
                "{\"name\":\(Self.json($0.name)),\"kind\":\(Self.json($0.kind.rawValue)),\"nullable\":\($0.nullable)}"
            }
            let metadata = c.keyValueMetadata.map { "[\(Self.json($0.key)),\(Self.json($0.value))]" }
            let rowGroupRows = c.options.rowGroupRows.map(String.init) ?? "null"
            let settings = """
                {"columns":[\(columns.joined(separator: ","))],"metadata":[\(metadata.joined(separator: ","))],\
                "rows":\(c.rows.count),"row_group_rows":\(rowGroupRows),"compression":"\(compression)",\
                "statistics":\(c.options.statistics),"data_page_size":\(c.options.dataPageSize)}
                """
            try Data((settings + "\n").utf8).write(to: dir.appendingPathComponent("\(c.name).case.json"))
        }
    }

    static func json(_ value: ParquetValue) -> String {
        switch value {
        case .null: return "null"
        case .string(let s): return json(s)
        case .int32(let v): return String(v)
        case .int64(let v): return String(v)
        case .double(let v):
            let hex = String(v.bitPattern, radix: 16)
            return "{\"f64\":\"\(String(repeating: "0", count: 16 - hex.count) + hex)\"}"
        case .bool(let v): return v ? "true" : "false"
        case .int32List(let l): return "[" + l.map(String.init).joined(separator: ",") + "]"
        }
    }

    static func json(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
