#if _endian(big)
#error("MDS shards are little-endian; this writer copies arrays as they are in memory")
#endif

/// Encodes and decodes one MDS sample: a u32 length per variable-size column, then the
/// payloads, both in column order (`mds-format.md` §3–4).
enum SampleCodec {
    /// The `(ndim << 2) | width` shape byte and shape of a 1-D array of `count` elements,
    /// with the smallest width that holds the count, as MDSWriter picks it.
    @inline(__always) static func shapeHeaderSize(count: Int) -> Int {
        count < 256 ? 2 : count < 65536 ? 3 : 5
    }

    @inline(__always) static func payloadSize(_ value: ColumnValue, _ encoding: ColumnEncoding) -> Int {
        switch value {
        case .string(let s): return s.utf8.count
        case .tokens(let t): return shapeHeaderSize(count: t.count) + t.count * (encoding.itemSize ?? 4)
        }
    }

    /// Appends the encoding of `values` (in schema order) to `out`; returns the bytes added.
    static func append(
        _ values: [ColumnValue], schema: ShardSchema, to out: inout [UInt8], recordID: String
    ) throws -> Int {
        guard values.count == schema.count else {
            throw ShardError.badValue(recordID: recordID, problem: "\(values.count) column values for \(schema.count) columns")
        }
        let start = out.count
        for (k, value) in values.enumerated() {
            try check(value, schema.encodings[k], column: schema.names[k], recordID: recordID)
            appendU32(UInt32(payloadSize(value, schema.encodings[k])), to: &out)
        }
        for (k, value) in values.enumerated() {
            switch value {
            case .string(let s):
                out.append(contentsOf: s.utf8)
            case .tokens(let t):
                appendShape(t.count, to: &out)
                if schema.encodings[k] == .int32Array {
                    t.withUnsafeBytes { out.append(contentsOf: $0) }
                } else {
                    for v in t {
                        out.append(UInt8(truncatingIfNeeded: v))
                        out.append(UInt8(truncatingIfNeeded: v >> 8))
                    }
                }
            }
        }
        return out.count - start
    }

    private static func check(_ value: ColumnValue, _ encoding: ColumnEncoding, column: String, recordID: String) throws {
        switch (value, encoding) {
        case (.string, .str): return
        case (.tokens, .int32Array): return
        case (.tokens(let t), .uint16Array):
            if let bad = t.first(where: { $0 < 0 || $0 > 65535 }) {
                throw ShardError.badValue(recordID: recordID, problem: "column '\(column)': token \(bad) does not fit ndarray:uint16")
            }
        case (.string, _):
            throw ShardError.badValue(recordID: recordID, problem: "column '\(column)' holds tokens, got text")
        case (.tokens, .str):
            throw ShardError.badValue(recordID: recordID, problem: "column '\(column)' holds text, got tokens")
        }
    }

    @inline(__always) static func appendU32(_ v: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
        out.append(UInt8(truncatingIfNeeded: v >> 16))
        out.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    static func appendShape(_ n: Int, to out: inout [UInt8]) {
        if n < 256 {
            out.append(0x04)
            out.append(UInt8(n))
        } else if n < 65536 {
            out.append(0x05)
            out.append(UInt8(truncatingIfNeeded: n))
            out.append(UInt8(truncatingIfNeeded: n >> 8))
        } else {
            out.append(0x06)
            appendU32(UInt32(n), to: &out)
        }
    }

    /// Decodes one sample. Throws a bare problem description; the caller adds file and sample.
    static func decode(_ bytes: UnsafeRawBufferPointer, schema: ShardSchema) throws(SampleProblem) -> [ColumnValue] {
        let n = schema.count
        var ranges: [Range<Int>] = []
        try payloadRanges(bytes, columns: n, into: &ranges)
        var values: [ColumnValue] = []
        values.reserveCapacity(n)
        for k in 0..<n {
            let payload = UnsafeRawBufferPointer(rebasing: bytes[ranges[k]])
            switch schema.encodings[k] {
            case .str:
                guard let s = String(validating: payload.bindMemoryAsUInt8(), as: UTF8.self) else {
                    throw SampleProblem("column '\(schema.names[k])' is not valid UTF-8")
                }
                values.append(.string(s))
            case .int32Array, .uint16Array:
                values.append(.tokens(try decodeArray(payload, schema.encodings[k], column: schema.names[k])))
            }
        }
        return values
    }

    /// Where each of a sample's `n` column payloads lies in `bytes` (replacing `ranges`):
    /// the u32 lengths first, then the payloads, which must fill the sample exactly.
    static func payloadRanges(_ bytes: UnsafeRawBufferPointer, columns n: Int, into ranges: inout [Range<Int>])
        throws(SampleProblem)
    {
        guard bytes.count >= 4 * n else {
            throw SampleProblem("sample has \(bytes.count) bytes, too few for its \(n) column lengths")
        }
        ranges.removeAll(keepingCapacity: true)
        var at = 4 * n
        for k in 0..<n {
            let len = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)))
            ranges.append(at..<(at + len))
            at += len
        }
        guard at == bytes.count else {
            throw SampleProblem("column lengths add up to \(at) bytes but the sample has \(bytes.count)")
        }
    }

    /// An array payload's element count, where its elements start and their size.
    static func arrayLayout(_ p: UnsafeRawBufferPointer, _ encoding: ColumnEncoding, column: String) throws(SampleProblem)
        -> (count: Int, base: Int, item: Int)
    {
        guard p.count >= 1 else { throw SampleProblem("column '\(column)': empty array payload (no shape byte)") }
        let shapeByte = p[0]
        let ndim = Int(shapeByte >> 2)
        let width = [1, 2, 4, 8][Int(shapeByte & 3)]
        guard ndim == 1 else { throw SampleProblem("column '\(column)': array has \(ndim) dimensions, expected 1") }
        guard p.count >= 1 + width else { throw SampleProblem("column '\(column)': array shape is cut off") }
        var count: UInt64 = 0
        for i in 0..<width { count |= UInt64(p[1 + i]) << (8 * UInt64(i)) }
        let item = encoding.itemSize ?? 4
        let body = p.count - 1 - width
        guard count <= UInt64(body), Int(count) * item == body else {
            throw SampleProblem("column '\(column)': shape says \(count) values but \(body) bytes follow (item size \(item))")
        }
        return (Int(count), 1 + width, item)
    }

    /// Appends an array payload's elements to `out` as Int32.
    static func appendArray(_ p: UnsafeRawBufferPointer, _ encoding: ColumnEncoding, column: String, to out: inout [Int32])
        throws(SampleProblem)
    {
        let (n, base, item) = try arrayLayout(p, encoding, column: column)
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: n))
        out.withUnsafeMutableBufferPointer { buffer in
            if item == 4 {
                for i in 0..<n {
                    buffer[start + i] = Int32(littleEndian: p.loadUnaligned(fromByteOffset: base + 4 * i, as: Int32.self))
                }
            } else {
                for i in 0..<n {
                    buffer[start + i] = Int32(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: base + 2 * i, as: UInt16.self)))
                }
            }
        }
    }

    private static func decodeArray(
        _ p: UnsafeRawBufferPointer, _ encoding: ColumnEncoding, column: String
    ) throws(SampleProblem) -> [Int32] {
        var out: [Int32] = []
        try appendArray(p, encoding, column: column, to: &out)
        return out
    }
}

/// A problem found while decoding one sample (without file or sample number).
struct SampleProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension UnsafeRawBufferPointer {
    fileprivate func bindMemoryAsUInt8() -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: baseAddress?.assumingMemoryBound(to: UInt8.self), count: count)
    }
}
