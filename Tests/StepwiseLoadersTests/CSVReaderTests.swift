import Testing

@testable import StepwiseLoaders

@Suite struct CSVReaderTests {
    /// Reads every record, turning problems into strings, with a tiny chunk size so that
    /// quotes and line breaks fall across chunk boundaries.
    func read(_ text: String, chunk: Int = 2) throws -> [Result<[String], LoaderError>] {
        let reader = CSVReader(stream: MemoryByteStream(text, chunk: chunk), chunkSize: chunk)
        var out: [Result<[String], LoaderError>] = []
        while let next = try reader.next() {
            out.append(next.map { record in (0..<record.count).map { record.string(at: $0) ?? "<invalid>" } })
        }
        return out
    }

    func rows(_ text: String) throws -> [[String]] {
        try read(text).map { try $0.get() }
    }

    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nplain,,\"\"\r\n"
        #expect(try rows(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\r\nlines"], ["plain", "", ""]])
    }

    @Test func lfEndingsNoFinalNewlineAndBlankLines() throws {
        #expect(try rows("a,b\n\n1,2\n\n3, 4 ") == [["a", "b"], ["1", "2"], ["3", " 4 "]])
    }

    @Test func trailingCommaGivesEmptyLastField() throws {
        #expect(try rows("a,b,\n") == [["a", "b", ""]])
    }

    @Test func recordLineIsTheLineWhereItStarts() throws {
        let reader = CSVReader(stream: MemoryByteStream("h\n\"a\nb\nc\"\nz\n"), chunkSize: 4)
        var lines: [Int] = []
        while let next = try reader.next() { lines.append(try next.get().line) }
        #expect(lines == [1, 2, 5])
    }

    @Test func quoteInsideUnquotedFieldIsAnErrorAndReadingResumes() throws {
        let results = try read("a,b\nfoo\"bar,2\nok,3\n")
        #expect(results.count == 3)
        guard case .failure(let error) = results[1] else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .csvQuoting)
        #expect(error.line == 2)
        #expect(error.description.contains("memory.txt:2: "))
        #expect(try results[2].get() == ["ok", "3"])
    }

    @Test func textAfterClosingQuoteIsAnError() throws {
        let results = try read("\"abc\"def,1\nx,2\n")
        guard case .failure(let error) = results[0] else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .csvQuoting)
        #expect(error.message.contains("after the closing quote"))
        #expect(try results[1].get() == ["x", "2"])
    }

    @Test func unterminatedQuoteAtEndOfFileIsAnError() throws {
        let results = try read("a,b\n1,\"never closed\n2,3\n")
        #expect(results.count == 2)
        guard case .failure(let error) = results[1] else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .csvQuoting)
        #expect(error.line == 2)
        #expect(error.message.contains("never closed"))
    }

    @Test func invalidUTF8FieldIsReportedAsNil() throws {
        var bytes = Array("a,b\n".utf8)
        bytes += [0x61, 0xFF, 0x62, 0x2C, 0x63, 0x0A]
        let reader = CSVReader(stream: MemoryByteStream(bytes: bytes), chunkSize: 5)
        _ = try reader.next()
        let record = try #require(try reader.next()).get()
        #expect(record.string(at: 0) == nil)
        #expect(record.string(at: 1) == "c")
    }
}
