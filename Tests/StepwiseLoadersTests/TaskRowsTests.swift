import Foundation
import StepwiseCore
import Testing

@testable import StepwiseLoaders

/// The row readers of tasks described in a pipeline file: JSON lines, a JSON array read
/// element by element, CSV and TSV with a header, and how a split's files are found.
@Suite("task rows")
struct TaskRowsTests {
    func rows(_ reader: any RowReader) throws -> [Result<JSONValue, LoaderError>] {
        var out: [Result<JSONValue, LoaderError>] = []
        while let row = try reader.next() { out.append(row.value.map { JSONValue.object($0) }) }
        return out
    }

    @Test("a JSON array is read element by element; a bad element is that record's problem")
    func jsonArray() throws {
        let text = "\u{FEFF}[\n {\"a\": 1, \"b\": [1, {\"c\": \"]\"}]},\n {\"a\": tru},\n 7,\n {\"s\": \"x\\\"y\"}\n]\n"
        for chunk in [1, 2, 5, 4096] {
            let out = try rows(JSONArrayReader(stream: MemoryByteStream(text, chunk: chunk)))
            #expect(out.count == 4)
            #expect(try out[0].get()["a"] == .int(1))
            guard case .failure(let bad) = out[1], case .failure(let notObject) = out[2] else {
                Issue.record("expected two problems")
                continue
            }
            #expect(bad.line == 3 && bad.kind == .invalidJSON)
            #expect(notObject.line == 4 && notObject.message == "expected a JSON object, got a number")
            #expect(try out[3].get()["s"] == .string("x\"y"))
        }
        #expect(try rows(JSONArrayReader(stream: MemoryByteStream(" [ ] "))).isEmpty)
    }

    @Test("what breaks the array ends the file, naming the line", arguments: [
        ("", "empty file: expected a JSON array"), ("{\"a\": 1}", "expected a JSON array of objects, found '{'"),
        ("[{\"a\": 1}\n{\"a\": 2}]", "expected ',' or ']' after an element of the array, found '{'"),
        ("[{\"a\": 1},\n{\"a\": ", "the file ends inside the JSON array (truncated?)"), ("[{\"a\": \"x", "the file ends inside the JSON array (truncated?)"),
        ("[1] [2]", "text after the end of the JSON array ('[')"),
    ])
    func brokenArrays(text: String, message: String) throws {
        do {
            _ = try rows(JSONArrayReader(stream: MemoryByteStream(text)))
            Issue.record("accepted \(text.debugDescription)")
        } catch let error as LoaderError {
            #expect(error.message == message)
        }
    }

    @Test("CSV and TSV rows are objects keyed by the header; a row of the wrong width is its problem")
    func delimited() throws {
        let csv = "\u{FEFF}id,text,label\n1,\"a, \"\"quoted\"\"\nline\",pos\n2,short\n3,x,neg\n"
        let out = try rows(DelimitedRowReader(csv: CSVReader(stream: MemoryByteStream(csv))))
        #expect(out.count == 3)
        #expect(try out[0].get() == ["id": "1", "text": "a, \"quoted\"\nline", "label": "pos"])
        guard case .failure(let narrow) = out[1] else { return }
        #expect(narrow.kind == .wrongFieldCount && narrow.line == 4)
        let tsv = "id\ttext\r\n1\tsays \"hi\"\r\n\n2\t\r\n"
        let t = try rows(DelimitedRowReader(tsv: LineReader(stream: MemoryByteStream(tsv)), name: SourceName(file: "m.tsv")))
        #expect(try t.map { try $0.get() } == [["id": "1", "text": "says \"hi\""], ["id": "2", "text": ""]])
        #expect(throws: LoaderError.self) { try rows(DelimitedRowReader(csv: CSVReader(stream: MemoryByteStream("a,a\n1,2\n")))) }
    }

    @Test("globs: * within a name, ** across folders, sets; a name matches at any depth")
    func globs() {
        #expect(Glob("train-*.jsonl").matches("data/train-00.jsonl"))
        #expect(!Glob("train-*.jsonl").matches("train/x.jsonl"))
        #expect(!Glob("*.jsonl").matches("a/b"))
        #expect(Glob("**/part-?.csv").matches("x/y/z/part-1.csv"))
        #expect(Glob("shard-[0-3].tsv").matches("shard-2.tsv") && !Glob("shard-[!0-3].tsv").matches("shard-2.tsv"))
        #expect(Glob("train.jsonl").matches("./gsm8k/train.jsonl"))
        #expect(!Glob("train.jsonl").matches("mytrain.jsonl"))
    }

    func split(_ source: URL, _ split: String, _ patterns: [String]? = nil, _ format: RowFormat = .jsonl) throws -> (files: [String], rows: [JSONValue]) {
        let reader = try TaskRowSource(source: source, split: split, patterns: patterns, format: format)
        var out: [JSONValue] = []
        while let row = try reader.next() { out.append(.object(try row.value.get())) }
        return (reader.files, out)
    }

    @Test("a split's files: <split>.<ext>, compressed or not, at any depth; globs in order")
    func files() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("nested"), withIntermediateDirectories: true)
        _ = try write("{\"n\": 1}\n{\"n\": 2}\n", to: "nested/train.jsonl", in: dir)
        _ = try write("{\"n\": 3}\n", to: "part-b.jsonl", in: dir)
        _ = try write("{\"n\": 4}\n", to: "part-a.jsonl", in: dir)
        _ = try write("{\"n\": 5}\n", to: "test.ndjson", in: dir)
        #expect(try split(dir, "train").rows.count == 2)
        #expect(try split(dir, "test").rows == [["n": 5]])
        let globbed = try split(dir, "train", ["part-*.jsonl", "nested/train.jsonl"])
        #expect(globbed.files == ["part-a.jsonl", "part-b.jsonl", "nested/train.jsonl"])
        #expect(globbed.rows.map { $0["n"] } == [.int(4), .int(3), .int(1), .int(2)])
        do {
            _ = try split(dir, "valid")
            Issue.record("found a valid split")
        } catch let error as LoaderError {
            #expect(error.message.hasPrefix("no file for split 'valid': looked for valid.jsonl, valid.ndjson"))
        }
        #expect(throws: LoaderError.self) { try split(dir, "train", ["nothing-*.jsonl"]) }
        // Compressed files, in a directory and as the source itself.
        if toolAvailable("gzip"), toolAvailable("zstd") {
            #expect(try shell("gzip -k part-a.jsonl && zstd -q part-b.jsonl -o valid.jsonl.zst", in: dir) == 0)
            #expect(try split(dir, "valid").rows == [["n": 3]])
            #expect(try split(dir.appendingPathComponent("part-a.jsonl.gz"), "anything").rows == [["n": 4]])
        }
        // Two files of the default name are ambiguous.
        _ = try write("{\"n\": 6}\n", to: "train.jsonl", in: dir.appendingPathComponent("nested").deletingLastPathComponent())
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("other"), withIntermediateDirectories: true)
        _ = try write("{\"n\": 7}\n", to: "other/test.jsonl", in: dir)
        _ = try write("{\"n\": 8}\n", to: "nested/test.jsonl", in: dir)
        do {
            _ = try split(dir, "test")
            Issue.record("an ambiguous name was accepted")
        } catch let error as LoaderError {
            #expect(error.message.contains("matches 2 files"))
        }
    }

    @Test("inside an archive, by entry name")
    func archive() throws {
        guard toolAvailable("zip") else { return }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("task"), withIntermediateDirectories: true)
        _ = try write("[{\"q\": \"a\"}, {\"q\": \"b\"}]", to: "task/train.json", in: dir)
        _ = try write("q\n\"c\"\n", to: "task/test.csv", in: dir)
        #expect(try shell("zip -qr task.zip task", in: dir) == 0)
        let zip = dir.appendingPathComponent("task.zip")
        #expect(try split(zip, "train", nil, .json).rows == [["q": "a"], ["q": "b"]])
        #expect(try split(zip, "test", ["*.csv"], .csv).rows == [["q": "c"]])
    }

    @Test("format names", arguments: [("a/train.jsonl.gz", RowFormat.jsonl), ("x.CSV", .csv), ("t.tsv", .tsv), ("y.json", .json)])
    func inferred(name: String, format: RowFormat) {
        #expect(RowFormat.inferred(fromName: name) == format)
    }
}
