import Foundation
import Testing

@testable import stepwise

/// The byte-level line reading, JSON string decoding and id writing of `stepwise tokenize`.
struct TokenizeLineIOTests {
    /// The text `JSONStringLine` reads from `line`, as a string; `nil` when it refuses it.
    private func text(of line: [UInt8]) -> String? {
        var strings = JSONStringLine()
        return line.withUnsafeBufferPointer { strings.withText(of: $0) { String(decoding: $0, as: UTF8.self) } }
    }

    private func text(of line: String) -> String? { text(of: Array(line.utf8)) }

    @Test func plainStringsAndSurroundingWhitespace() {
        #expect(text(of: #""hello world""#) == "hello world")
        #expect(text(of: " \t\"x\"  \r") == "x")
        #expect(text(of: #""""#) == "")
        #expect(text(of: #""a fairly long plain ASCII string, longer than eight bytes""#) == "a fairly long plain ASCII string, longer than eight bytes")
        #expect(text(of: "\"café — 日本語 😀\"") == "café — 日本語 😀")
    }

    @Test func escapes() {
        #expect(text(of: #""say \"hi\" \\ a\/b""#) == #"say "hi" \ a/b"#)
        #expect(text(of: #""line\nnext\ttab\r\b\f""#) == "line\nnext\ttab\r\u{8}\u{C}")
        #expect(text(of: #""caf\u00e9 \u65E5\u672c""#) == "café 日本")
        #expect(text(of: #""\ud83d\ude00 grin""#) == "😀 grin")
        #expect(text(of: "\"日本\\n語 and more text after the escape\"") == "日本\n語 and more text after the escape")
    }

    @Test func refusesWhatIsNotOneJSONString() {
        for line in [
            "hello", "123", "[1,2]", "\"unterminated", "\"x\" trailing", "\"a\" \"b\"", "\"bad \\q escape\"",
            "\"\\u12\"", "\"lone \\ud800 high\"", "\"lone \\udc00 low\"", "\"raw\ttab\"", "\"ends in a backslash\\",
        ] {
            #expect(text(of: line) == nil, "\(line.debugDescription)")
        }
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let quote = UInt8(ascii: "\"")
        // A stray continuation byte, a truncated sequence, an overlong encoding, a surrogate.
        #expect(text(of: [quote, 0x61, 0x80, 0x62, quote]) == "a\u{FFFD}b")
        #expect(text(of: [quote, 0xE2, 0x82, quote]) == "\u{FFFD}")
        #expect(text(of: [quote, 0xC0, 0xAF, quote]) == "\u{FFFD}\u{FFFD}")
        #expect(text(of: [quote, 0xED, 0xA0, 0x80, quote]) == "\u{FFFD}\u{FFFD}\u{FFFD}")
        // Next to an escape: the truncated sequence is replaced, the escape decoded.
        #expect(text(of: [quote, 0xE2, 0x82] + Array(#"\u00e9\n"#.utf8) + [0xFF, quote]) == "\u{FFFD}é\n\u{FFFD}")
        // Outside the string it is no JSON string at all.
        #expect(text(of: [0xFF, quote, 0x61, quote]) == nil)
    }

    @Test func agreesWithTheJSONParserOnMixedLines() {
        let lines = [
            #""plain""#, #""esc\"aped""#, "\"ünïcödé\"", #""\u0041\u00DF\u4E2D\uD834\uDD1E""#, #"  "pad"  "#,
            #""x"y"#, "\"\u{7F} delete is not a control character\"", #""\u0000 nul""#,
        ]
        for line in lines {
            let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) as? String
            #expect(text(of: line) == parsed, "\(line.debugDescription)")
        }
    }

    /// Writes `contents` to a temporary file and reads its lines back.
    private func lines(of contents: [UInt8], blockSize: Int) throws -> (lines: [[UInt8]], lastLineNumber: Int) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("input-lines-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(contents)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_RDONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let input = InputLines(fileDescriptor: descriptor, blockSize: blockSize)
        var lines: [[UInt8]] = []
        while let line = try input.next() { lines.append(Array(line)) }
        return (lines, input.lineNumber)
    }

    @Test(arguments: [16, 1 << 20])
    func linesLikeReadLine(blockSize: Int) throws {
        let long = String(repeating: "0123456789", count: 10)
        let (lines, last) = try lines(of: Array("a\nb\r\n\n\r\n\(long)\r\nlast".utf8), blockSize: blockSize)
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["a", "b", "", "", long, "last"])
        #expect(last == 6)
        // A final line break ends the last line; a lone CR is kept (`readLine` keeps it too).
        #expect(try self.lines(of: Array("x\n".utf8), blockSize: blockSize).lines == [Array("x".utf8)])
        #expect(try self.lines(of: Array("x\r".utf8), blockSize: blockSize).lines == [Array("x\r".utf8)])
        #expect(try self.lines(of: [], blockSize: blockSize).lines.isEmpty)
        // Bytes pass unchanged, invalid UTF-8 and NUL included.
        #expect(try self.lines(of: [0xFF, 0x00, 0x0A, 0xC3], blockSize: blockSize).lines == [[0xFF, 0x00], [0xC3]])
    }

    @Test func idArraysInDecimal() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("output-blocks-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_WRONLY)
        #expect(descriptor >= 0)
        // A small block size: every line is written as soon as it is complete.
        let output = OutputBlocks(fileDescriptor: descriptor, blockSize: 8)
        let ids: [Int32] = [0, 7, 9, 10, 99, 100, 101, 999, 1000, 32099, 123_456_789, 1_000_000_000, Int32.max, -1, Int32.min]
        try ids.withUnsafeBufferPointer { try output.appendIDArray($0) }
        try [Int32]().withUnsafeBufferPointer { try output.appendIDArray($0) }
        try [Int32(1)].withUnsafeBufferPointer { try output.appendIDArray($0) }
        try output.appendLine(Array(#""text""#.utf8))
        try output.flush()
        close(descriptor)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == """
            [0,7,9,10,99,100,101,999,1000,32099,123456789,1000000000,2147483647,-1,-2147483648]
            []
            [1]
            "text"

            """)
    }
}
