import CZstd
@testable import StepwiseParquet

/// A minimal Parquet reader for the tests, written from the format spec and independent of
/// the writer's code: it parses the footer with the generic Thrift decoder and decodes every
/// page (zstd, RLE/bit-packed levels, PLAIN values) back into rows. It reads only the shapes
/// the writer makes (flat columns and three-level lists of int32), and checks the offsets
/// and sizes the footer states against what is on disk.
struct ParquetTestReader {
    struct Page {
        let numValues: Int
        let uncompressedSize: Int
        let compressedSize: Int
        let rowCount: Int
    }

    let bytes: [UInt8]
    let metadata: ThriftValue
    let columns: [ParquetColumn]
    /// Per row group, per column: the pages.
    private(set) var pages: [[[Page]]] = []
    private(set) var rows: [[ParquetValue]] = []

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        guard bytes.count >= 12, Array(bytes[0..<4]) == Array("PAR1".utf8), Array(bytes.suffix(4)) == Array("PAR1".utf8)
        else { throw ThriftDecodeError(description: "no PAR1 magic") }
        let n = bytes.count
        let footerLength = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        let footerStart = n - 8 - footerLength
        var reader = ThriftCompactReader(bytes, at: footerStart)
        metadata = try reader.readStruct()
        guard reader.position == n - 8 else { throw ThriftDecodeError(description: "footer length mismatch") }
        columns = try Self.columns(from: metadata[2]?.list ?? [])

        let rowGroups = metadata[4]?.list ?? []
        var columnRows: [[ParquetValue]] = Array(repeating: [], count: columns.count)
        var expectedOffset = 4
        for group in rowGroups {
            let chunks = group[1]?.list ?? []
            guard chunks.count == columns.count else { throw ThriftDecodeError(description: "chunk count") }
            guard Int(group[5]?.int ?? -1) == expectedOffset else { throw ThriftDecodeError(description: "row group file_offset") }
            var groupPages: [[Page]] = []
            var compressedTotal = 0
            var uncompressedTotal = 0
            for (k, chunk) in chunks.enumerated() {
                guard let meta = chunk[3] else { throw ThriftDecodeError(description: "no meta_data") }
                let offset = Int(meta[9]?.int ?? -1)
                guard offset == expectedOffset else { throw ThriftDecodeError(description: "chunk \(k) data_page_offset \(offset), expected \(expectedOffset)") }
                let (values, chunkPages, uncompressed) = try Self.readChunk(bytes, meta: meta, column: columns[k])
                guard Int(meta[6]?.int ?? -1) == uncompressed else { throw ThriftDecodeError(description: "total_uncompressed_size") }
                let stored = Int(meta[7]?.int ?? -1)
                expectedOffset += stored
                compressedTotal += stored
                uncompressedTotal += uncompressed
                guard values.count == Int(group[3]?.int ?? -1) else {
                    throw ThriftDecodeError(description: "column \(columns[k].name): \(values.count) rows, row group says \(group[3]!)")
                }
                columnRows[k] += values
                groupPages.append(chunkPages)
            }
            guard Int(group[6]?.int ?? -1) == compressedTotal, Int(group[2]?.int ?? -1) == uncompressedTotal else {
                throw ThriftDecodeError(description: "row group sizes")
            }
            pages.append(groupPages)
        }
        guard expectedOffset == footerStart else { throw ThriftDecodeError(description: "bytes between the chunks and the footer") }
        let rowCount = Int(metadata[3]?.int ?? -1)
        rows = (0..<rowCount).map { r in columnRows.map { $0[r] } }
    }

    var keyValueMetadata: [ParquetKeyValue] {
        (metadata[5]?.list ?? []).map { ParquetKeyValue(key: $0[1]?.string ?? "", value: $0[2]?.string ?? "") }
    }

    /// Column chunk `column` of row group `group`: its metadata struct.
    func chunkMetadata(group: Int, column: Int) -> ThriftValue? {
        metadata[4]?.list?[group][1]?.list?[column][3]
    }

    private static func columns(from schema: [ThriftValue]) throws -> [ParquetColumn] {
        guard let root = schema.first, root[3] == nil else { throw ThriftDecodeError(description: "bad root") }
        var out: [ParquetColumn] = []
        var i = 1
        while i < schema.count {
            let e = schema[i]
            let name = e[4]?.string ?? ""
            let nullable = e[3]?.int == 1
            if let children = e[5]?.int {
                // name (LIST) { repeated group list { required int32 element } }
                guard children == 1, e[6]?.int == 3, e[10]?[3] != nil, i + 2 < schema.count,
                    schema[i + 1][3]?.int == 2, schema[i + 1][4]?.string == "list", schema[i + 1][5]?.int == 1,
                    schema[i + 2][1]?.int == 1, schema[i + 2][3]?.int == 0, schema[i + 2][4]?.string == "element"
                else { throw ThriftDecodeError(description: "unexpected group \(name)") }
                out.append(.int32List(name, nullable: nullable))
                i += 3
            } else {
                let kind: ParquetColumn.Kind
                switch e[1]?.int {
                case 0: kind = .bool
                case 1: kind = .int32
                case 2: kind = .int64
                case 5: kind = .double
                case 6:
                    guard e[6]?.int == 0, e[10]?[1] != nil else { throw ThriftDecodeError(description: "binary without UTF8") }
                    kind = .string
                default: throw ThriftDecodeError(description: "type of \(name)")
                }
                out.append(ParquetColumn(name: name, kind: kind, nullable: nullable))
                i += 1
            }
        }
        guard out.count == Int(root[5]?.int ?? -1) else { throw ThriftDecodeError(description: "num_children") }
        return out
    }

    private static func readChunk(_ bytes: [UInt8], meta: ThriftValue, column: ParquetColumn) throws
        -> (values: [ParquetValue], pages: [Page], uncompressed: Int)
    {
        let layout = ColumnLayout(column)
        let maxDef = layout.maxDefinitionLevel
        let maxRep = layout.maxRepetitionLevel
        let codec = meta[4]?.int ?? -1
        let numValues = Int(meta[5]?.int ?? -1)
        var position = Int(meta[9]?.int ?? -1)
        let end = position + Int(meta[7]?.int ?? 0)
        var values: [ParquetValue] = []
        var pages: [Page] = []
        var levelCount = 0
        var uncompressedTotal = 0
        while position < end {
            var reader = ThriftCompactReader(bytes, at: position)
            let header = try reader.readStruct()
            let headerSize = reader.position - position
            guard header[1]?.int == 0, let dph = header[5] else { throw ThriftDecodeError(description: "not a v1 data page") }
            let uncompressedSize = Int(header[2]?.int ?? -1)
            let compressedSize = Int(header[3]?.int ?? -1)
            let n = Int(dph[1]?.int ?? -1)
            guard dph[2]?.int == 0, dph[3]?.int == 3, dph[4]?.int == 3 else { throw ThriftDecodeError(description: "encodings") }
            let stored = Array(bytes[reader.position..<(reader.position + compressedSize)])
            position = reader.position + compressedSize
            uncompressedTotal += headerSize + uncompressedSize
            let body: [UInt8]
            switch codec {
            case 0: body = stored
            case 6: body = try zstdDecompress(stored, size: uncompressedSize)
            default: throw ThriftDecodeError(description: "codec \(codec)")
            }
            guard body.count == uncompressedSize else { throw ThriftDecodeError(description: "uncompressed_page_size") }
            var p = 0
            func levels(_ maxLevel: Int) throws -> [Int] {
                guard maxLevel > 0 else { return Array(repeating: 0, count: n) }
                let length = Int(body[p]) | Int(body[p + 1]) << 8 | Int(body[p + 2]) << 16 | Int(body[p + 3]) << 24
                let decoded = try RLEHybridTestDecoder.decode(
                    Array(body[(p + 4)..<(p + 4 + length)]), bitWidth: RLEHybridEncoder.bitWidth(forMaxLevel: maxLevel),
                    count: n)
                p += 4 + length
                return decoded
            }
            let rep = try levels(maxRep)
            let def = try levels(maxDef)
            var plain = PlainTestDecoder(bytes: body, position: p)
            var rowsInPage = 0
            // The list being read: elements gather here until the next row starts.
            var list: [Int32]? = nil
            func closeList() {
                if let l = list { values.append(.int32List(l)) }
                list = nil
            }
            for i in 0..<n {
                if maxRep > 0 {
                    if rep[i] == 0 {
                        closeList()
                        rowsInPage += 1
                        if def[i] == maxDef { list = [] }
                        else if def[i] == maxDef - 1 { values.append(.int32List([])); continue }
                        else { values.append(.null); continue }
                    } else if list == nil || def[i] != maxDef {
                        throw ThriftDecodeError(description: "bad list levels at \(i) (a page starts inside a row?)")
                    }
                    list!.append(try plain.int32())
                } else {
                    rowsInPage += 1
                    if maxDef > 0 && def[i] < maxDef { values.append(.null); continue }
                    switch column.kind {
                    case .string: values.append(.string(try plain.string()))
                    case .int32: values.append(.int32(try plain.int32()))
                    case .int64: values.append(.int64(try plain.int64()))
                    case .double: values.append(.double(Double(bitPattern: UInt64(bitPattern: try plain.int64()))))
                    case .bool: values.append(.bool(try plain.bool()))
                    case .int32List: fatalError("unreachable")
                    }
                }
            }
            closeList()
            guard plain.atEnd else { throw ThriftDecodeError(description: "bytes left in a page of \(column.name)") }
            levelCount += n
            pages.append(Page(numValues: n, uncompressedSize: uncompressedSize, compressedSize: compressedSize, rowCount: rowsInPage))
        }
        guard levelCount == numValues, position == end else { throw ThriftDecodeError(description: "num_values of \(column.name)") }
        return (values, pages, uncompressedTotal)
    }

    static func zstdDecompress(_ frame: [UInt8], size: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        let got = frame.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in ZSTD_decompress(dst.baseAddress, size, src.baseAddress, src.count) }
        }
        guard ZSTD_isError(got) == 0, got == size else { throw ThriftDecodeError(description: "zstd") }
        return out
    }
}

/// The RLE/bit-packed hybrid, decoded as the spec describes it.
enum RLEHybridTestDecoder {
    static func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(count + 8)
        var p = 0
        func varint() throws -> Int {
            var result = 0
            var shift = 0
            while true {
                guard p < bytes.count else { throw ThriftDecodeError(description: "levels end inside a header") }
                let b = bytes[p]
                p += 1
                result |= Int(b & 0x7F) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
            }
        }
        while out.count < count {
            let header = try varint()
            if header & 1 == 1 {
                let groups = header >> 1
                let nbytes = groups * bitWidth
                guard p + nbytes <= bytes.count else { throw ThriftDecodeError(description: "bit-packed run past the end") }
                for v in 0..<(groups * 8) {
                    var value = 0
                    for b in 0..<bitWidth {
                        let bit = v * bitWidth + b
                        value |= Int((bytes[p + bit / 8] >> UInt8(bit % 8)) & 1) << b
                    }
                    out.append(value)
                }
                p += nbytes
            } else {
                let run = header >> 1
                guard run > 0, p < bytes.count else { throw ThriftDecodeError(description: "empty RLE run") }
                let value = Int(bytes[p])
                for _ in 0..<run { out.append(value) }
                p += (bitWidth + 7) / 8
            }
        }
        guard p == bytes.count else { throw ThriftDecodeError(description: "bytes after the levels") }
        // Only the last bit-packed run may be padded past `count`.
        return Array(out.prefix(count))
    }
}

struct PlainTestDecoder {
    let bytes: [UInt8]
    var position: Int
    private var bitOffset = 0

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    var atEnd: Bool { position + (bitOffset > 0 ? 1 : 0) == bytes.count }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard position + n <= bytes.count else { throw ThriftDecodeError(description: "values past the end") }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    // Little-endian, as PLAIN stores it; spelled out byte by byte (fast enough unoptimized).
    mutating func int32() throws -> Int32 {
        guard position + 4 <= bytes.count else { throw ThriftDecodeError(description: "values past the end") }
        let p = position
        position += 4
        return Int32(bitPattern: UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24)
    }

    mutating func int64() throws -> Int64 {
        let low = UInt64(UInt32(bitPattern: try int32()))
        let high = UInt64(UInt32(bitPattern: try int32()))
        return Int64(bitPattern: low | high << 32)
    }

    mutating func string() throws -> String {
        let n = Int(UInt32(bitPattern: try int32()))
        let utf8 = try take(n)
        guard let s = String(validating: utf8, as: UTF8.self) else { throw ThriftDecodeError(description: "invalid UTF-8") }
        return s
    }

    mutating func bool() throws -> Bool {
        guard position < bytes.count else { throw ThriftDecodeError(description: "booleans past the end") }
        let bit = (bytes[position] >> UInt8(bitOffset)) & 1
        bitOffset += 1
        if bitOffset == 8 {
            bitOffset = 0
            position += 1
        }
        return bit == 1
    }
}
