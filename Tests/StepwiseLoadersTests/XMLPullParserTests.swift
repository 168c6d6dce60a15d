import Testing

@testable import StepwiseLoaders

@Suite struct XMLPullParserTests {
    func events(_ text: String, chunk: Int = 3) throws -> [XMLEvent] {
        let parser = XMLPullParser(stream: MemoryByteStream(text, chunk: chunk), chunkSize: chunk)
        var out: [XMLEvent] = []
        while let e = try parser.next() { out.append(e) }
        return out
    }

    @Test func readsElementsAttributesEntitiesAndCDATA() throws {
        let xml = """
            <?xml version="1.0"?>
            <!-- note -->
            <Set a='1'>
            <P ID="x&amp;y" n="2"><B>Tom &amp; Jerry &lt;3 &#233;&#x41;</B><F/><C><![CDATA[a < b]]></C></P >
            </Set>
            """
        let e = try events(xml)
        #expect(e.first == .start(name: "Set", attributes: [("a", "1")], line: 3))
        #expect(e.contains(.start(name: "P", attributes: [("ID", "x&y"), ("n", "2")], line: 4)))
        #expect(e.contains(.text("Tom & Jerry <3 éA")))
        #expect(e.contains(.start(name: "F", attributes: [], line: 4)))
        #expect(e.contains(.text("a < b")))
        #expect(e.last == .end(name: "Set", line: 5))
    }

    @Test func mismatchedTagIsAnErrorWithLine() throws {
        let error = try #require(throws: LoaderError.self) { try events("<a>\n<b></a>") }
        #expect(error.kind == .invalidXML)
        #expect(error.line == 2)
        #expect(error.message.contains("does not match <b>"))
    }

    @Test func truncatedDocumentIsAnError() throws {
        let error = try #require(throws: LoaderError.self) { try events("<a>\n<b>text") }
        #expect(error.message.contains("truncated XML"))
        #expect(try #require(throws: LoaderError.self) { try events("<a><b") }.message.contains("truncated"))
    }

    @Test func unknownEntityIsAnError() throws {
        let error = try #require(throws: LoaderError.self) { try events("<a>&nbsp;</a>") }
        #expect(error.message.contains("unknown entity &nbsp;"))
    }
}
