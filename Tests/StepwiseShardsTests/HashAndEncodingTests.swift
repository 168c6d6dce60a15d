import StepwiseCore
import Testing
@testable import StepwiseShards

/// Known vectors for the hashes and the byte encodings of `mds-format.md` §4 and §6.
@Suite struct HashAndEncodingTests {
    @Test func xxh64KnownVectors() {
        #expect(XXH64.hexDigest([]) == "ef46db3751d8e999")
        #expect(XXH64.hexDigest(Array("abc".utf8)) == "44bc2cf5ad770999")
        // Longer than one 32-byte stripe, with an 8/4/1-byte tail (value from python xxhash 3.8.2).
        #expect(XXH64.hexDigest(Array("Nobody inspects the spammish repetition".utf8)) == "fbcea83c8a378bf1")
    }

    @Test func sha1KnownVector() {
        #expect(ShardHashAlgorithm.sha1.hexDigest(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    private func encode(_ value: ColumnValue, _ encoding: ColumnEncoding) throws -> [UInt8] {
        var out: [UInt8] = []
        _ = try SampleCodec.append([value], schema: ShardSchema(columns: ["c": encoding]), to: &out, recordID: "t")
        return Array(out.dropFirst(4))  // drop the length prefix
    }

    @Test func ndarrayEncodingsMatchTheSpecTable() throws {
        #expect(try encode(.tokens([1, 2, 3]), .int32Array) == [0x04, 0x03, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])
        #expect(try encode(.tokens([1, 65535]), .uint16Array) == [0x04, 0x02, 0x01, 0x00, 0xff, 0xff])
        let long = try encode(.tokens(Array(repeating: 7, count: 300)), .int32Array)
        #expect(Array(long.prefix(3)) == [0x05, 0x2c, 0x01])
        #expect(long.count == 3 + 1200)
        let huge = try encode(.tokens(Array(repeating: 7, count: 70000)), .uint16Array)
        #expect(Array(huge.prefix(5)) == [0x06, 0x70, 0x11, 0x01, 0x00])
        #expect(try encode(.string("héllo"), .str) == [0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f])
    }

    @Test func decodeRoundTripsEveryWidth() throws {
        let schema = ShardSchema(columns: ["a": .int32Array, "b": .uint16Array, "c": .str])
        for n in [0, 1, 255, 256, 65535, 65536] {
            let values: [ColumnValue] = [
                .tokens((0..<n).map { Int32($0 % 1000) - 5 }), .tokens((0..<n).map { Int32($0 % 65536) }), .string("x\(n)"),
            ]
            var bytes: [UInt8] = []
            _ = try SampleCodec.append(values, schema: schema, to: &bytes, recordID: "t")
            let back = try bytes.withUnsafeBytes { try SampleCodec.decode($0, schema: schema) }
            #expect(back == values)
        }
    }

    @Test func uint16RefusesOutOfRangeTokens() {
        var out: [UInt8] = []
        #expect(throws: ShardError.self) {
            _ = try SampleCodec.append([.tokens([5, 70000])], schema: ShardSchema(columns: ["t": .uint16Array]), to: &out, recordID: "r1")
        }
        #expect(throws: ShardError.self) { _ = try ShardSchema.stepwise(tokenDType: .uint16, textColumns: false, vocabularySize: 250_112) }
        #expect((try? ShardSchema.stepwise(tokenDType: .uint16, textColumns: false, vocabularySize: 32128)) != nil)
    }

    /// The writer's direct path (from the example's own storage) must give the bytes of the
    /// generic path (from `columnValue`), for every schema the pipeline makes.
    @Test func exampleEncodingEqualsValueEncoding() throws {
        let source = SourceRecord(id: "pair-é", dataset: "esnli", split: "train", index: 0, input: "A man. ✓", label: "entailment")
        let teacher = TeacherRecord(prompted: PromptedRecord(source: source, prompt: .text("")), completion: "x", cached: true, attempts: 0)
        let parsed = ParsedRecord(teacher: teacher, rationale: "Because 😀.", teacherLabel: "neutral", status: .kept)
        let long = (0..<300).map { Int32($0 * 97 % 32_000) }
        let example = TokenizedExample(
            parsed: parsed, inputIds: long, explInputIds: [7, 1], labels: [], teacherLabels: [3, 1], auxLabels: [65535, 1])
        for dtype in [TokenDType.int32, .uint16] {
            for text in [false, true] {
                for metadata in [false, true] {
                    let schema = ShardSchema.stepwise(tokenDType: dtype, textColumns: text, metadata: metadata)
                    var generic: [UInt8] = []
                    let values = schema.names.map { example.columnValue($0)! }
                    let size = try SampleCodec.append(values, schema: schema, to: &generic, recordID: "r")
                    var direct: [UInt8] = [0xEE]
                    var counts = Array(repeating: -1, count: schema.count)
                    let columns = try SampleCodec.resolve(schema).get()
                    let directSize = try SampleCodec.append(example, columns: columns, schema: schema, to: &direct, tokenCounts: &counts)
                    #expect(directSize == size)
                    #expect(Array(direct.dropFirst()) == generic, "\(dtype) text \(text) metadata \(metadata)")
                    for (k, value) in values.enumerated() {
                        #expect(counts[k] == (value.tokensValue?.count ?? -1))
                    }
                }
            }
        }
        var out: [UInt8] = []
        var counts = [0, 0]
        let narrow = ShardSchema(columns: ["id": .str, "input_ids": .uint16Array])
        let wide = TokenizedExample(
            parsed: parsed, inputIds: [5, 70000], explInputIds: [], labels: [], teacherLabels: [], auxLabels: [])
        #expect(throws: ShardError.self) {
            _ = try SampleCodec.append(wide, columns: try SampleCodec.resolve(narrow).get(), schema: narrow, to: &out, tokenCounts: &counts)
        }
        #expect(throws: SampleProblem.self) { try SampleCodec.resolve(ShardSchema(columns: ["input_ids": .str])).get() }
        #expect(throws: SampleProblem.self) { try SampleCodec.resolve(ShardSchema(columns: ["rationale": .int32Array])).get() }
        #expect(throws: SampleProblem.self) { try SampleCodec.resolve(ShardSchema(columns: ["extra": .str])).get() }
    }

    @Test func pythonJSONEscapesLikeJsonDumps() {
        let v: JSONValue = .object([("k", .string("é\u{1F600}\"\\\n/\u{7F}")), ("n", .array([.null, .int(-3)]))])
        #expect(v.jsonText(style: .python) == #"{"k": "\u00e9\ud83d\ude00\"\\\n/\u007f", "n": [null, -3]}"#)
    }

    @Test func compressionSettingsParse() throws {
        #expect(try ShardCompression(parsing: "zstd").indexName == "zstd")
        #expect(try ShardCompression(parsing: "zstd:3").indexName == "zstd")
        #expect(try ShardCompression(parsing: "zstd:19").indexName == "zstd:19")
        #expect(try ShardCompression(parsing: "none").indexName == nil)
        #expect(throws: ShardError.self) { try ShardCompression(parsing: "zstd:23") }
        #expect(throws: ShardError.self) { try ShardCompression(parsing: "gzip") }
    }

    @Test func quantilesAreNearestRank() {
        var h = LengthHistogram()
        for n in 1...100 { h.add(length: n) }
        #expect(h.quantile(0.5) == 50)
        #expect(h.quantile(0.9) == 90)
        #expect(h.quantile(0.99) == 99)
        #expect(h.min == 1 && h.max == 100)
        var other = LengthHistogram()
        other.add(length: 1000, count: 100)
        h.merge(other)
        #expect(h.quantile(0.5) == 100)
        #expect(h.quantile(0.51) == 1000)
    }
}
