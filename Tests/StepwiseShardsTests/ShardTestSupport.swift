import Foundation
import StepwiseCore
@testable import StepwiseShards

/// Shared helpers: temp directories, fixtures, synthetic records.
enum Support {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func tempDirectory(_ name: String = "shards") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// A deterministic pseudo-random sample for the Stepwise schema.
    static func sample(_ i: Int, schema: ShardSchema, maxLength: Int = 60, vocabulary: Int32 = 32128) -> [String: ColumnValue] {
        var state = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ 12345
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var values: [String: ColumnValue] = [:]
        for (name, encoding) in zip(schema.names, schema.encodings) {
            switch encoding {
            case .str:
                values[name] = .string(name == "id" ? "ex-\(i)" : "text \(i) " + String(repeating: "ab ", count: next(20)) + "é")
            case .int32Array, .uint16Array:
                var t = (0..<(next(maxLength) + 1)).map { _ in Int32(next(Int(vocabulary))) }
                t[t.count - 1] = 1
                values[name] = .tokens(t)
            }
        }
        return values
    }

    /// Writes `count` synthetic samples to `dir` and finishes.
    @discardableResult
    static func writeSplit(
        _ dir: URL, count: Int, range: Range<Int>? = nil, schema: ShardSchema = .stepwise(),
        options: ShardWriterOptions = ShardWriterOptions(sizeLimit: 4000)
    ) async throws -> SplitStats {
        let writer = try ShardWriter(directory: dir, schema: schema, options: options)
        for i in range ?? 0..<count { try await writer.append(values: sample(i, schema: schema), recordID: "ex-\(i)") }
        return try await writer.finish()
    }

    /// All files below `dir` (relative path → bytes).
    static func tree(_ dir: URL) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = e?.nextObject() as? URL {
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                out[String(url.path.dropFirst(dir.path.count + 1))] = try bytes(url)
            }
        }
        return out
    }
}
