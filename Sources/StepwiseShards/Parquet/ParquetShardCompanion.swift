import Foundation
import StepwiseParquet

/// Writes every MDS shard of a split again as one Parquet file (`output.formats:
/// [mds, parquet]`), from the shard's own encoded samples, so both hold the same values in
/// the same order. Commit and resume follow the shard's (``ShardCompanion``); names follow
/// ``ParquetLayout``.
public struct ParquetShardCompanion: ShardCompanion {
    public let directory: URL
    public let split: String
    /// ``ParquetLayout/columns(for:)`` of the shards' schema.
    public let columns: [ParquetColumn]
    public let options: ParquetWriterOptions

    public init(directory: URL, split: String, columns: [ParquetColumn], options: ParquetWriterOptions) {
        self.directory = directory
        self.split = split
        self.columns = columns
        self.options = options
    }

    public func prepareForWriting(committedShards: Int) throws {
        let fm = FileManager.default
        do { try fm.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw ShardError.io(path: directory.path, problem: "cannot create the directory (\(error.localizedDescription))")
        }
        for name in ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() {
            let path = directory.appendingPathComponent(name).path
            if name.hasSuffix(".partial") {
                try DurableFile.remove(path)
            } else if let shard = ParquetLayout.shardNumber(name, split: split) {
                let streaming = ParquetLayout.streamingName(split: split, shard: shard)
                if shard >= committedShards {
                    try DurableFile.remove(path)  // written for a shard that was never committed
                } else if name != streaming {
                    // A finished split's names; the split goes on, so its total may change.
                    try DurableFile.rename(path, to: directory.appendingPathComponent(streaming).path)
                }
            }
        }
        for shard in 0..<committedShards {
            let path = file(ParquetLayout.streamingName(split: split, shard: shard))
            guard fm.fileExists(atPath: path) else {
                throw ShardError.damaged(
                    path: path, problem: "missing, but its shard is committed; cannot resume (--fresh starts over)")
            }
        }
    }

    public func write(shard: LoadedShard) throws -> CompanionFile {
        let finalPath = file(ParquetLayout.streamingName(split: split, shard: shard.number))
        do {
            var writer = try ParquetFileWriter(columns: columns, options: options)
            try Self.copySamples(of: shard, to: &writer)
            try DurableFile.write(try writer.finish(), to: finalPath + ".partial")
        } catch let error as ParquetError {
            throw ShardError.io(path: finalPath, problem: error.description)
        }
        return CompanionFile(partialPath: finalPath + ".partial", finalPath: finalPath)
    }

    public func finish(shardCount: Int) throws {
        for shard in 0..<shardCount {
            let from = file(ParquetLayout.streamingName(split: split, shard: shard))
            let to = file(ParquetLayout.finalName(split: split, shard: shard, of: shardCount))
            if FileManager.default.fileExists(atPath: from) { try DurableFile.rename(from, to: to) }
        }
    }

    private func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Appends every sample of `shard` as a row, straight from the shard's bytes: text
    /// columns by reference (the writer encoded them from Swift strings, so they are
    /// UTF-8), token columns widened into one reused buffer. No value is made per cell.
    static func copySamples(of shard: LoadedShard, to writer: inout ParquetFileWriter) throws {
        let schema = shard.schema
        var ranges: [Range<Int>] = []
        var tokens: [Int32] = []
        var tokenRanges: [Range<Int>] = Array(repeating: 0..<0, count: schema.count)
        var cells: [ParquetCell] = []
        cells.reserveCapacity(schema.count)
        try shard.raw.bytes.withUnsafeBytes { bytes in
            for i in 0..<shard.sampleCount {
                let sample = UnsafeRawBufferPointer(rebasing: bytes[shard.raw.range(ofSample: i)])
                do throws(SampleProblem) {
                    try SampleCodec.payloadRanges(sample, columns: schema.count, into: &ranges)
                    tokens.removeAll(keepingCapacity: true)
                    for k in 0..<schema.count where schema.encodings[k] != .str {
                        let start = tokens.count
                        try SampleCodec.appendArray(
                            UnsafeRawBufferPointer(rebasing: sample[ranges[k]]), schema.encodings[k], column: schema.names[k],
                            to: &tokens)
                        tokenRanges[k] = start..<tokens.count
                    }
                } catch {
                    throw ShardError.damaged(path: shard.path, problem: "sample \(i): \(error.message)")
                }
                try tokens.withUnsafeBufferPointer { tokens in
                    cells.removeAll(keepingCapacity: true)
                    for k in 0..<schema.count {
                        if schema.encodings[k] == .str {
                            cells.append(.utf8(UnsafeRawBufferPointer(rebasing: sample[ranges[k]]).assumingMemoryBound(to: UInt8.self)))
                        } else {
                            cells.append(.int32List(UnsafeBufferPointer(rebasing: tokens[tokenRanges[k]])))
                        }
                    }
                    try writer.append(cells: cells)
                }
            }
        }
    }
}

extension ColumnValue {
    /// The Parquet cell of an MDS value: text as a string, tokens as a list of int32.
    public var parquetValue: ParquetValue {
        switch self {
        case .string(let s): return .string(s)
        case .tokens(let t): return .int32List(t)
        }
    }
}
