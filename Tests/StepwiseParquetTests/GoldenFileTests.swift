import Foundation
import Testing

/// The writer's bytes for `golden_small` (every column kind, nulls, several pages and row
/// groups, key-value metadata, uncompressed so libzstd's version does not matter) against
/// the committed file, which `scripts/parquet/make_golden.sh` wrote and checked with
/// pyarrow and `datasets`. A difference means the format changed: files from before and
/// after would differ for the same rows (exact resume across versions breaks), so it must
/// be deliberate; regenerate with the script then.
@Suite struct GoldenFileTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden/golden_small.parquet")

    @Test func smallFileIsByteIdenticalToTheGolden() throws {
        let c = ParquetCases.all.first { $0.name == "golden_small" }!
        let expected = try [UInt8](Data(contentsOf: Self.golden))
        let ours = try c.write()
        #expect(ours == expected, "golden_small.parquet differs (\(ours.count) vs \(expected.count) bytes); see scripts/parquet/make_golden.sh")
        let file = try ParquetTestReader(expected)
        #expect(firstDifference(file.rows, c.rows) == nil)
    }
}
