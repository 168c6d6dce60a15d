/// An uncompressed MDS shard in memory: `N`, `N+1` absolute u32 offsets, the config blob,
/// then the samples (`mds-format.md` §3).
struct RawShard: Sendable {
    let bytes: [UInt8]
    let count: Int

    /// Turns encoded samples laid end to end in `data` (with their sizes) into the shard
    /// file by putting the header, offsets and blob in front, in place when capacity allows.
    static func prependHeader(to data: inout [UInt8], sampleSizes: [Int], blob: [UInt8]) {
        let n = sampleSizes.count
        var head: [UInt8] = []
        head.reserveCapacity(8 + 4 * n + blob.count)
        SampleCodec.appendU32(UInt32(n), to: &head)
        var offset = 4 + 4 * (n + 1) + blob.count
        SampleCodec.appendU32(UInt32(offset), to: &head)
        for size in sampleSizes {
            offset += size
            SampleCodec.appendU32(UInt32(offset), to: &head)
        }
        head.append(contentsOf: blob)
        data.insert(contentsOf: head, at: 0)
    }

    /// Checks the header and offsets table; `path` names the file in errors.
    init(bytes: [UInt8], path: String) throws {
        guard bytes.count >= 8 else {
            throw ShardError.damaged(path: path, problem: "raw shard has \(bytes.count) bytes, too short for a header")
        }
        let n = Int(RawShard.u32(bytes, 0))
        guard 4 + 4 * (n + 1) <= bytes.count else {
            throw ShardError.damaged(path: path, problem: "header says \(n) samples but the file is too short for their offsets")
        }
        var previous = Int(RawShard.u32(bytes, 4))
        guard previous >= 4 + 4 * (n + 1) else {
            throw ShardError.damaged(path: path, problem: "first offset \(previous) points inside the header")
        }
        for i in stride(from: 1, through: n, by: 1) {
            let next = Int(RawShard.u32(bytes, 4 + 4 * i))
            guard next >= previous else {
                throw ShardError.damaged(path: path, problem: "offset of sample \(i) (\(next)) is before sample \(i - 1)'s (\(previous))")
            }
            previous = next
        }
        guard previous == bytes.count else {
            throw ShardError.damaged(path: path, problem: "last offset \(previous) is not the raw shard size \(bytes.count)")
        }
        self.bytes = bytes
        self.count = n
    }

    @inline(__always) static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    /// The byte range of sample `i` (0-based within this shard).
    func range(ofSample i: Int) -> Range<Int> {
        Int(RawShard.u32(bytes, 4 + 4 * i))..<Int(RawShard.u32(bytes, 8 + 4 * i))
    }

    /// The config blob between the offsets table and the first sample.
    var blob: ArraySlice<UInt8> {
        bytes[(4 + 4 * (count + 1))..<Int(RawShard.u32(bytes, 4))]
    }

    /// Decodes sample `i`; `path` names the file in errors.
    func decode(sample i: Int, schema: ShardSchema, path: String) throws -> [ColumnValue] {
        let r = range(ofSample: i)
        let result: Result<[ColumnValue], SampleProblem> = bytes.withUnsafeBytes { all in
            do throws(SampleProblem) {
                return .success(try SampleCodec.decode(UnsafeRawBufferPointer(rebasing: all[r]), schema: schema))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let values): return values
        case .failure(let problem): throw ShardError.damaged(path: path, problem: "sample \(i): \(problem.message)")
        }
    }
}
