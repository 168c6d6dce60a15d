import Testing
@testable import StepwiseParquet

@Suite struct ParquetFileWriterTests {
    @Test(arguments: ParquetCases.all.map(\.name))
    func everyCaseReadsBackThroughTheSpecReader(_ name: String) throws {
        let c = ParquetCases.all.first { $0.name == name }!
        let file = try ParquetTestReader(c.write())
        #expect(file.columns == c.columns)
        #expect(firstDifference(file.rows, c.rows) == nil)
        #expect(file.keyValueMetadata == c.keyValueMetadata)
        #expect(file.metadata[1]?.int == 1)
        #expect(file.metadata[6]?.string == "stepwise")
        let groups = c.rows.isEmpty ? 0 : (c.rows.count + (c.options.rowGroupRows ?? c.rows.count) - 1) / (c.options.rowGroupRows ?? c.rows.count)
        #expect(file.metadata[4]?.list?.count == groups)
    }

    @Test func sameRowsSameBytesHoweverTheyArrive() throws {
        let c = ParquetCases.all.first { $0.name == "all_kinds" }!
        let once = try c.write()
        #expect(try c.write() == once)
        var writer = try ParquetFileWriter(columns: c.columns, options: c.options, keyValueMetadata: c.keyValueMetadata)
        for row in c.rows { try writer.append(row) }
        #expect(try writer.finish() == once)
        var batched = try ParquetFileWriter(columns: c.columns, options: c.options)
        var i = 0
        while i < c.rows.count {
            try batched.append(rows: Array(c.rows[i..<min(i + 97, c.rows.count)]))
            i += 97
        }
        batched.keyValueMetadata = c.keyValueMetadata
        #expect(try batched.finish() == once)
    }

    /// Rows given as cells (text and lists by reference) make the bytes their values make.
    @Test func cellsWriteWhatValuesWrite() throws {
        let columns: [ParquetColumn] = [.string("text"), .int32List("ids"), ParquetColumn(name: "maybe", kind: .string, nullable: true)]
        let rows: [(String, [Int32], String?)] = (0..<3000).map { i in
            (String(repeating: "ü", count: i % 7) + "row \(i)", (0..<(i % 40)).map { Int32($0 * 1000 - i) }, i % 3 == 0 ? nil : "x\(i)")
        }
        let options = ParquetWriterOptions(dataPageSize: 4096, rowGroupRows: 1000)
        var byValue = try ParquetFileWriter(columns: columns, options: options)
        var byCell = try ParquetFileWriter(columns: columns, options: options)
        for (text, ids, maybe) in rows {
            try byValue.append([.string(text), .int32List(ids), maybe.map(ParquetValue.string) ?? .null])
            var text = text, maybe = maybe
            try text.withUTF8 { text in
                try ids.withUnsafeBufferPointer { ids in
                    if maybe == nil {
                        try byCell.append(cells: [.utf8(text), .int32List(ids), .null])
                    } else {
                        try maybe!.withUTF8 { try byCell.append(cells: [.utf8(text), .int32List(ids), .utf8($0)]) }
                    }
                }
            }
        }
        #expect(try byCell.finish() == (try byValue.finish()))
        var refused = try ParquetFileWriter(columns: columns)
        #expect(throws: ParquetError.self) { try refused.append(cells: [.null, .null, .null]) }
        #expect(throws: ParquetError.self) { try refused.append(cells: [.int32List(UnsafeBufferPointer(start: nil, count: 0))]) }
        #expect(refused.rowCount == 0)
    }

    @Test func pagesCloseAtRowBoundariesPastThePageSize() throws {
        let rows = ParquetCases.shardRows(10_000, seed: 11)
        let pageSize = 16 * 1024
        var writer = try ParquetFileWriter(columns: ParquetCases.shardColumns, options: ParquetWriterOptions(dataPageSize: pageSize))
        try writer.append(rows: rows)
        let file = try ParquetTestReader(writer.finish())
        #expect(firstDifference(file.rows, rows) == nil)
        for (k, pages) in file.pages[0].enumerated() {
            #expect(pages.reduce(0) { $0 + $1.rowCount } == rows.count)
            if k > 0 { #expect(pages.count > 1, "column \(k) has one page") }
            // A page closes once its estimate (an upper bound, a few bytes over for the
            // levels) reaches the size, so it passes it by less than one row (< 1 KiB here).
            for page in pages.dropLast() {
                #expect(page.uncompressedSize >= pageSize - 64 && page.uncompressedSize < pageSize + 1024)
            }
        }
    }

    @Test func defaultPagesAreAboutOneMebibyte() throws {
        let c = ParquetCases.all.first { $0.name == "shard_columns_many_pages" }!
        let file = try ParquetTestReader(c.write())
        let inputPages = file.pages[0][1]
        #expect(inputPages.count >= 3)
        for page in inputPages.dropLast() { #expect(page.uncompressedSize >= (1 << 20) - 64 && page.uncompressedSize < (1 << 20) + 1024) }
    }

    @Test func rowGroupsOfTheConfiguredSize() throws {
        let c = ParquetCases.all.first { $0.name == "small_pages_row_groups" }!
        let file = try ParquetTestReader(c.write())
        let counts = (file.metadata[4]?.list ?? []).map { $0[3]?.int ?? -1 }
        #expect(counts == [700, 700, 700, 700, 200])
        #expect((file.metadata[4]?.list ?? []).map { $0[7]?.int ?? -1 } == [0, 1, 2, 3, 4])
    }

    @Test func zeroRowsIsASchemaWithoutRowGroups() throws {
        var writer = try ParquetFileWriter(columns: ParquetCases.allKindsColumns)
        #expect(writer.rowCount == 0)
        let file = try ParquetTestReader(writer.finish())
        #expect(file.metadata[3]?.int == 0)
        #expect(file.metadata[4]?.list == [])
        #expect(file.columns == ParquetCases.allKindsColumns)
    }

    @Test func zstdPagesAndTheCodecInTheFooter() throws {
        let c = ParquetCases.all.first { $0.name == "all_kinds" }!
        let file = try ParquetTestReader(c.write())
        for k in c.columns.indices { #expect(file.chunkMetadata(group: 0, column: k)?[4]?.int == 6) }
        let plain = ParquetCases.all.first { $0.name == "all_kinds_uncompressed" }!
        let plainFile = try ParquetTestReader(plain.write())
        #expect(plainFile.chunkMetadata(group: 0, column: 0)?[4]?.int == 0)
        #expect(plainFile.chunkMetadata(group: 0, column: 0)?[12] == nil)
        #expect(plainFile.metadata[7] == nil)
    }

    @Test func schemaAsArrowWritesIt() throws {
        let c = ParquetCase(
            name: "schema", columns: [.string("id"), .int32List("ids"), .int32List("maybe", nullable: true), .bool("b", nullable: true)],
            rows: [[.string("a"), .int32List([1]), .null, .null]])
        let schema = try ParquetTestReader(c.write()).metadata[2]?.list ?? []
        #expect(schema.map { $0[4]?.string ?? "?" } == ["schema", "id", "ids", "list", "element", "maybe", "list", "element", "b"])
        #expect(schema.map { $0[3]?.int ?? -1 } == [-1, 0, 0, 2, 0, 1, 2, 0, 1])
        #expect(schema[0][5]?.int == 4)
        #expect(schema[2][6]?.int == 3 && schema[2][10]?[3] != nil)  // LIST, both annotations
        #expect(schema[1][6]?.int == 0 && schema[1][10]?[1] != nil)  // UTF8 / String
        #expect(schema[8][1]?.int == 0 && schema[8][6] == nil)
        let paths = (0..<4).map { k in (try? ParquetTestReader(c.write()))?.chunkMetadata(group: 0, column: k)?[3]?.list?.compactMap(\.string) ?? [] }
        #expect(paths == [["id"], ["ids", "list", "element"], ["maybe", "list", "element"], ["b"]])
    }

    @Test func statisticsOfEveryKind() throws {
        let columns: [ParquetColumn] = [
            .int32("i"), .int64("l", nullable: true), .double("d"), .bool("b"), .string("s"), .int32List("ids"),
            .double("nan", nullable: true), .string("long"),
        ]
        let rows: [[ParquetValue]] = [
            [.int32(5), .null, .double(0.0), .bool(true), .string("b"), .int32List([]), .double(.nan), .string("x")],
            [.int32(-7), .int64(.max), .double(-0.0), .bool(true), .string("ä"), .int32List([3, -9, 40]), .null, .string(String(repeating: "z", count: 20))],
            [.int32(.max), .int64(-3), .double(2.5), .bool(true), .string(""), .int32List([8]), .double(.nan), .string("y")],
        ]
        var writer = try ParquetFileWriter(columns: columns, options: ParquetWriterOptions(maxStatisticsValueSize: 10))
        try writer.append(rows: rows)
        let file = try ParquetTestReader(writer.finish())
        func stats(_ k: Int) -> ThriftValue? { file.chunkMetadata(group: 0, column: k)?[12] }
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { var out: [UInt8] = []; out.appendLittleEndian(v); return out }
        #expect(stats(0)?[3]?.int == 0)
        #expect(stats(0)?[6]?.binary == le(Int32(-7)) && stats(0)?[5]?.binary == le(Int32.max))
        #expect(stats(1)?[3]?.int == 1)
        #expect(stats(1)?[6]?.binary == le(Int64(-3)) && stats(1)?[5]?.binary == le(Int64.max))
        // Zero as a minimum is -0.0, as a maximum +0.0; NaN counted, never a bound.
        #expect(stats(2)?[6]?.binary == le((-0.0).bitPattern) && stats(2)?[5]?.binary == le((2.5).bitPattern))
        #expect(stats(2)?[9]?.int == 0)
        #expect(stats(3)?[6]?.binary == [1] && stats(3)?[5]?.binary == [1])
        #expect(stats(4)?[6]?.binary == [] && stats(4)?[5]?.binary == Array("ä".utf8))
        // A list's bounds are its elements'; its null count, as Arrow's, counts the empty list.
        #expect(stats(5)?[3]?.int == 1)
        #expect(stats(5)?[6]?.binary == le(Int32(-9)) && stats(5)?[5]?.binary == le(Int32(40)))
        #expect(stats(6)?[3]?.int == 1 && stats(6)?[9]?.int == 2 && stats(6)?[5] == nil && stats(6)?[6] == nil)
        #expect(stats(7)?[3]?.int == 0 && stats(7)?[5] == nil)  // the 20-byte max is over the limit of 10
        #expect(file.metadata[7]?.list?.count == columns.count)
        #expect(file.metadata[7]?.list?.allSatisfy { $0[1] != nil } == true)
    }

    @Test func statisticsRestartInEveryRowGroup() throws {
        var writer = try ParquetFileWriter(columns: [.int32("i")], options: ParquetWriterOptions(rowGroupRows: 2))
        try writer.append(rows: [[.int32(1)], [.int32(2)], [.int32(10)], [.int32(20)]])
        let file = try ParquetTestReader(writer.finish())
        #expect(file.chunkMetadata(group: 1, column: 0)?[12]?[6]?.binary == [10, 0, 0, 0])
    }

    @Test func refusedRowsChangeNothing() throws {
        let columns: [ParquetColumn] = [.string("id"), .int32List("ids"), .int64("n", nullable: true)]
        var writer = try ParquetFileWriter(columns: columns)
        try writer.append([.string("a"), .int32List([1]), .null])
        #expect(throws: ParquetError.badValue(row: 1, column: "ids", problem: "expected list<int32>, got string")) {
            try writer.append([.string("b"), .string("c"), .null])
        }
        #expect(throws: ParquetError.badValue(row: 2, column: "id", problem: "null in a non-nullable column")) {
            try writer.append(rows: [[.string("b"), .int32List([]), .int64(1)], [.null, .int32List([]), .null]])
        }
        #expect(throws: ParquetError.badValue(row: 1, column: "n", problem: "the row has 2 values for 3 columns")) {
            try writer.append([.string("b"), .int32List([])])
        }
        #expect(throws: ParquetError.badValue(row: 1, column: "n", problem: "expected int64, got int32")) {
            try writer.append([.string("b"), .int32List([]), .int32(1)])
        }
        #expect(writer.rowCount == 1)
        var clean = try ParquetFileWriter(columns: columns)
        try clean.append([.string("a"), .int32List([1]), .null])
        #expect(try writer.finish() == clean.finish())
        #expect(throws: ParquetError.finished) { try writer.finish() }
        #expect(throws: ParquetError.finished) { try writer.append([.string("a"), .int32List([1]), .null]) }
    }

    @Test func refusedSettings() {
        #expect(throws: ParquetError.configuration("a Parquet file needs at least one column")) { try ParquetFileWriter(columns: []) }
        #expect(throws: ParquetError.configuration("column 'a' appears twice")) {
            try ParquetFileWriter(columns: [.string("a"), .int32("a")])
        }
        #expect(throws: ParquetError.configuration("column names must not be empty")) { try ParquetFileWriter(columns: [.string("")]) }
        #expect(throws: ParquetError.configuration("zstd level must be in 1...22, not 0")) {
            try ParquetFileWriter(columns: [.string("a")], options: ParquetWriterOptions(compression: .zstd(level: 0)))
        }
        #expect(throws: ParquetError.configuration("data page size must be in 1 byte...1 GiB, not 0")) {
            try ParquetFileWriter(columns: [.string("a")], options: ParquetWriterOptions(dataPageSize: 0))
        }
        #expect(throws: ParquetError.self) {
            try ParquetFileWriter(columns: [.string("a")], options: ParquetWriterOptions(dataPageSize: (1 << 30) + 1))
        }
        #expect(throws: ParquetError.configuration("row group size must be at least 1 row, not 0")) {
            try ParquetFileWriter(columns: [.string("a")], options: ParquetWriterOptions(rowGroupRows: 0))
        }
    }

    @Test func errorsReadWell() {
        #expect(ParquetError.badValue(row: 17, column: "labels", problem: "expected list<int32>, got string").description
            == "parquet: row 17, column 'labels': expected list<int32>, got string")
        #expect(ParquetColumn.int32List("labels", nullable: true).description == "labels: list<int32>?")
    }

    @Test func estimatedSizeFollowsTheFile() throws {
        var writer = try ParquetFileWriter(columns: ParquetCases.shardColumns, options: ParquetWriterOptions(compression: .none))
        #expect(writer.estimatedByteCount < 100)
        try writer.append(rows: ParquetCases.shardRows(5_000, seed: 3))
        let estimate = writer.estimatedByteCount
        let size = try writer.finish().count
        #expect(estimate <= size && size < estimate + estimate / 50)
    }

    @Test func aCopyIsAnIndependentWriter() throws {
        var a = try ParquetFileWriter(columns: [.int32("i")])
        try a.append([.int32(1)])
        var b = a
        try b.append([.int32(2)])
        let fileA = try ParquetTestReader(a.finish())
        let fileB = try ParquetTestReader(b.finish())
        #expect(fileA.rows == [[.int32(1)]])
        #expect(fileB.rows == [[.int32(1)], [.int32(2)]])
    }
}
