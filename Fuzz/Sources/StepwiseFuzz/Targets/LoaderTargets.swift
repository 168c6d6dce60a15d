import Foundation
@testable import StepwiseCore
@testable import StepwiseLoaders

/// Reads until the end or the first thrown error; more steps than the input has bytes
/// (plus a few) means a reader that stopped consuming: a hang.
private func drain(_ target: String, bytes: Int, _ step: () throws -> Bool) {
    var steps = 0
    do {
        while try step() {
            steps += 1
            if steps > bytes + 8 { violated(target, "\(steps) items from \(bytes) bytes: the reader does not advance") }
        }
    } catch let error as LoaderError {
        if error.description.isEmpty { violated(target, "an error without a message") }
    } catch {
        violated(target, "a reader threw \(type(of: error)), not a LoaderError: \(error)")
    }
}

/// RFC 4180 CSV: any bytes give records or quoting problems, every record's fields inside it.
let csvTarget = FuzzTarget(name: "csv", summary: "CSVReader: records or LoaderErrors, in any chunking") { data in
    let input = Selected(data, among: 7)
    let bytes = [UInt8](input.rest)
    let reader = CSVReader(stream: fuzzStream(bytes, chunk: 1 + input.choice * 5), chunkSize: 16 << input.choice)
    drain("csv", bytes: bytes.count) {
        guard let result = try reader.next() else { return false }
        if case .success(let record) = result {
            for i in 0..<record.fieldEnds.count { _ = record.string(at: i) }
        }
        return true
    }
}

/// A task's rows in each format (JSON lines, a JSON array, CSV, TSV).
let rowsTarget = FuzzTarget(name: "rows", summary: "RowReader for jsonl, json, csv and tsv over any bytes") { data in
    let formats: [RowFormat] = [.jsonl, .json, .csv, .tsv]
    let input = Selected(data, among: formats.count * 3)
    let bytes = [UInt8](input.rest)
    let stream = fuzzStream(bytes, chunk: [1, 7, 4096][input.choice / formats.count])
    let reader = makeRowReader(formats[input.choice % formats.count], stream: stream)
    drain("rows", bytes: bytes.count) {
        guard let row = try reader.next() else { return false }
        if case .failure(let error) = row.value, error.description.isEmpty { violated("rows", "a row problem without a message") }
        return true
    }
}

/// The XML pull parser (ASDiv.xml): events or an error naming the line.
let xmlTarget = FuzzTarget(name: "xml", summary: "XMLPullParser: events or a LoaderError") { data in
    let input = Selected(data, among: 4)
    let bytes = [UInt8](input.rest)
    let parser = XMLPullParser(stream: fuzzStream(bytes, chunk: [1, 3, 64, 4096][input.choice]), chunkSize: 16)
    drain("xml", bytes: bytes.count * 2) { try parser.next() != nil }
}

/// Archives (zip, tar, tar.gz, tar.zst, …) and compressed single files, read entry by entry.
let archiveTarget = FuzzTarget(name: "archive", summary: "ArchiveReader entries and data, or a LoaderError") { data in
    let input = Selected(data, among: 2)
    let file = freshScratch().appendingPathComponent("input.bin")
    write(input.rest, to: file)
    do {
        let archive = try ArchiveReader(path: file.path, raw: input.choice == 1)
        var entries = 0
        var total = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { buffer.deallocate() }
        while let entry = try archive.nextEntry(), entries < 64 {
            entries += 1
            // Decompression can make much of little: stop after 4 MiB in all.
            while total < 4 << 20 {
                let n = try archive.readData(into: buffer, entry: entry)
                if n < 0 || n > buffer.count { violated("archive", "readData returned \(n)") }
                if n == 0 { break }
                total += n
            }
        }
    } catch let error as LoaderError {
        if error.description.isEmpty { violated("archive", "an error without a message") }
    } catch {
        violated("archive", "threw \(type(of: error)), not a LoaderError: \(error)")
    }
}

/// The paper datasets' readers on any file content, official and reference formats.
let datasetFilesTarget = FuzzTarget(
    name: "dataset-files", summary: "each paper dataset's split reader (official and reference formats) on any file"
) { data in
    let input = Selected(data, among: 10)
    let format: SourceFormat = input.choice % 2 == 0 ? .official : .referenceJSONL
    let dir = freshScratch().appendingPathComponent("source")
    let bytes = [UInt8](input.rest)
    let makeReader: () throws -> any SplitReader
    switch input.choice / 2 {
    case 0:
        for name in ESNLI.officialFiles(split: "test") + ["esnli_test.json"] { write(bytes, to: dir.appendingPathComponent(name)) }
        makeReader = { try ESNLI.reader(format: format, source: dir, split: "test") }
    case 1:
        for name in [ANLI.officialFile(round: 1, split: "test"), "anli1_test.json"] { write(bytes, to: dir.appendingPathComponent(name)) }
        makeReader = { try ANLI.reader(format: format, source: dir, round: 1, split: "test") }
    case 2:
        // Questions and explanations: the input's two halves, at the first 0xFF byte.
        let cut = bytes.firstIndex(of: 0xFF) ?? bytes.count
        let questions = Array(bytes[..<cut])
        let explanations = cut < bytes.count ? Array(bytes[(cut + 1)...]) : []
        let cose = freshCoSE(dir)
        write(questions, to: dir.appendingPathComponent(CQA.questionsFile(split: "test")))
        write(questions, to: dir.appendingPathComponent("cqa_test.json"))
        write(explanations, to: cose.appendingPathComponent(CQA.explanationsFile(split: "test")))
        makeReader = { try CQA.reader(format: format, source: dir, explanations: cose, split: "test") }
    case 3:
        for name in [SVAMP.officialFile, "svamp_test.json"] { write(bytes, to: dir.appendingPathComponent(name)) }
        makeReader = { try SVAMP.reader(format: format, source: dir, split: "test") }
    default:
        for name in [ASDiv.officialFile, "asdiv_train.json"] { write(bytes, to: dir.appendingPathComponent(name)) }
        makeReader = { try ASDiv.reader(format: format, source: dir, split: "train") }
    }
    do {
        let reader = try makeReader()
        drain("dataset-files", bytes: bytes.count) {
            guard let item = try reader.next() else { return false }
            if case .record(let record) = item, record.id.isEmpty { violated("dataset-files", "a record without an id") }
            return true
        }
    } catch let error as LoaderError {
        if error.description.isEmpty { violated("dataset-files", "an error without a message") }
    } catch {
        violated("dataset-files", "threw \(type(of: error)), not a LoaderError: \(error)")
    }
}

private func freshCoSE(_ dir: URL) -> URL {
    let cose = dir.deletingLastPathComponent().appendingPathComponent("cose")
    try? FileManager.default.createDirectory(at: cose, withIntermediateDirectories: true)
    return cose
}

/// The fuzz input as a stream named `fuzz-input`, `chunk` bytes per read.
private func fuzzStream(_ bytes: [UInt8], chunk: Int) -> MemoryByteStream {
    MemoryByteStream(bytes: bytes, chunk: chunk, name: SourceName(file: "fuzz-input"))
}
