import Testing
@testable import StepwiseParquet

/// Byte-exact checks of the Thrift compact encoding against the protocol spec
/// (thrift/doc/specs/thrift-compact-protocol.md), then a decode of real metadata.
@Suite struct CompactProtocolWriterTests {
    struct Fields: ThriftStruct {
        let body: (inout CompactProtocolWriter) -> Void
        func writeFields(to writer: inout CompactProtocolWriter) { body(&writer) }
    }

    func encode(_ body: @escaping (inout CompactProtocolWriter) -> Void) -> [UInt8] {
        CompactProtocolWriter.encode(Fields(body: body))
    }

    @Test func shortFieldHeadersAndZigzagVarints() {
        #expect(encode { $0.field(1, i32: 1) } == [0x15, 0x02, 0x00])
        #expect(encode { $0.field(1, i32: -1) } == [0x15, 0x01, 0x00])
        #expect(encode { $0.field(1, i32: 300) } == [0x15, 0xD8, 0x04, 0x00])
        #expect(encode { $0.field(3, i64: Int64.min) } == [0x36] + [UInt8](repeating: 0xFF, count: 9) + [0x01, 0x00])
        #expect(encode { $0.field(7, i16: 2) } == [0x74, 0x04, 0x00])
    }

    @Test func longFieldHeaderWhenTheDeltaPassesFifteen() {
        // Field 16 after field 0: type byte, then the id as a zigzag varint (32).
        #expect(encode { $0.field(16, i64: -1) } == [0x06, 0x20, 0x01, 0x00])
        // Delta counts from the previous field: 1 then 17 is a delta of 16.
        #expect(encode { $0.field(1, i32: 0); $0.field(17, i32: 0) } == [0x15, 0x00, 0x05, 0x22, 0x00, 0x00])
    }

    @Test func booleansLiveInTheTypeNibble() {
        #expect(encode { $0.field(1, bool: true); $0.field(2, bool: false) } == [0x11, 0x12, 0x00])
    }

    @Test func binaryAndStrings() {
        #expect(encode { $0.field(4, string: "ab") } == [0x48, 0x02, 0x61, 0x62, 0x00])
        #expect(encode { $0.field(1, string: "ü") } == [0x18, 0x02, 0xC3, 0xBC, 0x00])
        #expect(encode { $0.field(1, binary: []) } == [0x18, 0x00, 0x00])
    }

    @Test func listHeaders() {
        #expect(encode { $0.field(2, i32s: [1, 2, 3]) } == [0x29, 0x35, 0x02, 0x04, 0x06, 0x00])
        // 15 or more elements: 0xF, then the size as a varint.
        let fifteen = encode { $0.field(1, strings: Array(repeating: "", count: 15)) }
        #expect(fifteen == [0x19, 0xF8, 0x0F] + [UInt8](repeating: 0, count: 15) + [0x00])
        #expect(encode { $0.field(1, i32s: []) } == [0x19, 0x05, 0x00])
    }

    @Test func nestedStructsRestartAndRestoreFieldIDs() {
        let inner = Fields { $0.field(1, i32: 0) }
        let bytes = encode { w in
            w.field(1, struct: inner)
            w.field(2, i32: 5)
        }
        #expect(bytes == [0x1C, 0x15, 0x00, 0x00, 0x15, 0x0A, 0x00])
        let list = encode { w in w.field(3, structs: [inner, inner]); w.field(4, i32: 1) }
        #expect(list == [0x39, 0x2C, 0x15, 0x00, 0x00, 0x15, 0x00, 0x00, 0x15, 0x02, 0x00])
    }

    @Test func logicalTypeUnionsAreEmptyStructsInTheirField() {
        #expect(CompactProtocolWriter.encode(LogicalType.string) == [0x1C, 0x00, 0x00])
        #expect(CompactProtocolWriter.encode(LogicalType.list) == [0x3C, 0x00, 0x00])
    }

    @Test func pageHeaderDecodesToWhatWasWritten() throws {
        let header = PageHeader(
            type: .dataPage, uncompressedPageSize: 1_048_600, compressedPageSize: 70_001,
            dataPageHeader: DataPageHeader(numValues: 262_150, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle))
        var reader = ThriftCompactReader(CompactProtocolWriter.encode(header))
        let v = try reader.readStruct()
        #expect(v[1]?.int == 0)
        #expect(v[2]?.int == 1_048_600)
        #expect(v[3]?.int == 70_001)
        #expect(v[5]?[1]?.int == 262_150)
        #expect(v[5]?[2]?.int == 0)
        #expect(v[5]?[3]?.int == 3)
        #expect(v[5]?[4]?.int == 3)
        #expect(v[4] == nil)
    }
}
