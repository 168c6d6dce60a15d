import Testing

@testable import StepwiseLoaders

@Suite struct LineReaderTests {
    func lines(_ text: String, chunk: Int, maxLine: Int = 1 << 20) throws -> [String] {
        let reader = LineReader(stream: MemoryByteStream(text, chunk: chunk), chunkSize: chunk, maxLineLength: maxLine)
        var out: [String] = []
        while let line = try reader.withNextLine({ String(decoding: $0, as: UTF8.self) }) { out.append(line) }
        return out
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func splitsLinesAcrossChunkBoundaries(chunk: Int) throws {
        let text = "first line\r\nsecond\n\nthe fourth line is longer than a chunk\nlast without newline"
        #expect(
            try lines(text, chunk: chunk) == [
                "first line", "second", "", "the fourth line is longer than a chunk", "last without newline",
            ])
    }

    @Test func countsLinesAndBytes() throws {
        let reader = LineReader(stream: MemoryByteStream("ab\ncd\n", chunk: 4), chunkSize: 4)
        while try reader.withNextLine({ _ in () }) != nil {}
        #expect(reader.lineNumber == 2)
        #expect(reader.bytesRead == 6)
    }

    @Test func aLineLongerThanTheLimitIsAnError() throws {
        #expect(throws: LoaderError.self) { try lines(String(repeating: "x", count: 100) + "\n", chunk: 16, maxLine: 32) }
    }
}
