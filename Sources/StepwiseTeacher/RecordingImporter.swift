import Foundation
import GRDB
import StepwiseCore

/// Makes a recordings file (see ``RecordingStore``) from recorded teacher outputs.
///
/// - `.paper`: the paper's released files `<split>_CoT_<i>.json`, each a JSON array of
///   completion strings in dataset order. Files of one split are ordered by `i` and must
///   run from 0 without a gap; the `k`-th string of file `i` is the completion of record
///   `index = (sizes of files 0..<i) + k`. Batch sizes differ per dataset (e-SNLI 5,500,
///   ANLI 5,000, CQA 1,000, SVAMP 500), so positions come from the real file lengths.
///   The paper's `valid` files are the completions of the reference `valid` split.
/// - `.jsonl`: one `{"id": …, "completion": …}` object per line, matched by record id.
///
/// The file is written to `<out>.tmp` and renamed over `out` when complete, so a
/// recordings file is never half-written.
public enum RecordingImporter {
    public enum Format: String, Sendable, CaseIterable {
        case paper
        case jsonl
    }

    /// What an import wrote.
    public struct Summary: Sendable {
        /// Completions per `dataset/split` (paper) or `id` (jsonl).
        public var counts: [(String, Int)] = []
        public var total: Int { counts.reduce(0) { $0 + $1.1 } }
    }

    /// The paper's released output folders (`../corpora/palm/<folder>`) and the datasets
    /// they hold.
    static let paperFolders = [
        "esnli": "esnli", "anli": "anli", "anli1": "anli", "anli2": "anli", "anli3": "anli", "cqa": "cqa",
        "svamp": "svamp", "asdiv": "asdiv",
    ]

    /// The dataset a paper directory name stands for (`anli1` → `anli`).
    public static func dataset(forDirectoryName name: String) -> String? { paperFolders[name] }

    /// Imports `inputs` (files, or directories holding `*_CoT_*.json`) into `out`.
    /// For `.paper`, `dataset` defaults to the name of the files' directory, and `split`
    /// renames the split (only when all files are of one split).
    public static func run(
        format: Format, inputs: [URL], out: URL, dataset: String? = nil, split: String? = nil
    ) throws(TeacherError) -> Summary {
        let tmp = URL(fileURLWithPath: out.path + ".tmp")
        try? FileManager.default.removeItem(at: tmp)
        var summary = Summary()
        do {
            try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
            var config = Configuration()
            config.prepareDatabase { db in
                // A fresh file renamed into place when complete: no journal needed. 16 KiB pages
                // and a 64 MiB page cache make building the B-tree cheaper (import 1.2 s → 0.9 s
                // for e-SNLI's 549,367 completions); lookups are as fast.
                try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536")
            }
            let queue = try DatabaseQueue(path: tmp.path, configuration: config)
            try queue.inDatabase { db in
                try db.execute(sql: RecordingStore.schema)
                try db.inTransaction {
                    switch format {
                    case .paper: summary = try importPaper(inputs: inputs, dataset: dataset, split: split, db: db)
                    case .jsonl: summary = try importJSONL(inputs: inputs, db: db)
                    }
                    return .commit
                }
            }
            try queue.close()
            let handle = try FileHandle(forUpdating: tmp)
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: out.path) { try FileManager.default.removeItem(at: out) }
            try FileManager.default.moveItem(at: tmp, to: out)
        } catch let error as TeacherError {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw .recordings(path: out.path, message: "import failed: \(error)")
        }
        return summary
    }

    struct PaperFile: Sendable {
        var url: URL
        var split: String
        var number: Int
    }

    /// `train_CoT_12.json` → (`train`, 12).
    static func parsePaperName(_ name: String) -> (String, Int)? {
        guard name.hasSuffix(".json"), let range = name.range(of: "_CoT_", options: .backwards) else { return nil }
        let split = String(name[..<range.lowerBound])
        let number = name[range.upperBound..<name.index(name.endIndex, offsetBy: -5)]
        guard !split.isEmpty, let n = Int(number), n >= 0 else { return nil }
        return (split, n)
    }

    static func expand(_ inputs: [URL]) throws -> [URL] {
        var files: [URL] = []
        for input in inputs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDir) else {
                throw TeacherError.importFailed(file: input.path, line: nil, message: "no such file or directory")
            }
            if isDir.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: input.path)
                files += names.filter { parsePaperName($0) != nil }.sorted().map { input.appendingPathComponent($0) }
            } else {
                files.append(input)
            }
        }
        return files
    }

    static func importPaper(inputs: [URL], dataset: String?, split: String?, db: Database) throws -> Summary {
        var bySplit: [String: [PaperFile]] = [:]
        for url in try expand(inputs) {
            guard let (s, n) = parsePaperName(url.lastPathComponent) else {
                throw TeacherError.importFailed(
                    file: url.path, line: nil, message: "not a paper output file name (expected <split>_CoT_<i>.json)")
            }
            bySplit[s, default: []].append(PaperFile(url: url, split: s, number: n))
        }
        guard !bySplit.isEmpty else {
            throw TeacherError.importFailed(file: inputs.first?.path ?? "-", line: nil, message: "no <split>_CoT_<i>.json files found")
        }
        if split != nil, bySplit.count > 1 {
            throw TeacherError.importFailed(
                file: inputs.first?.path ?? "-", line: nil,
                message: "--split renames one split, but the inputs hold \(bySplit.keys.sorted().joined(separator: ", "))")
        }
        var summary = Summary()
        for paperSplit in bySplit.keys.sorted() {
            let files = bySplit[paperSplit]!.sorted { $0.number < $1.number }
            for (expected, file) in files.enumerated() where file.number != expected {
                let missing = file.number > expected ? "\(paperSplit)_CoT_\(expected).json is missing" : "\(file.url.lastPathComponent) is given twice"
                throw TeacherError.importFailed(
                    file: file.url.path, line: nil, message: "\(missing): positions of later files would be wrong")
            }
            let datasetName: String
            if let dataset {
                datasetName = dataset
            } else if let d = self.dataset(forDirectoryName: files[0].url.deletingLastPathComponent().lastPathComponent) {
                datasetName = d
            } else {
                throw TeacherError.importFailed(
                    file: files[0].url.path, line: nil, message: "cannot tell the dataset from the directory name; pass --dataset")
            }
            let splitName = split ?? paperSplit
            var index = 0
            let inserter = PositionInserter(db: db, dataset: datasetName, split: splitName)
            // Files are parsed ahead on another core while this one inserts.
            try Prefetcher.forEach(files, load: readPaperFile) { _, completions in
                for text in completions {
                    try inserter.insert(index, text)
                    index += 1
                }
            }
            try inserter.flush()
            summary.counts.append(("\(datasetName)/\(splitName)", index))
        }
        return summary
    }

    /// The completions of one `<split>_CoT_<i>.json` file, in order.
    @Sendable static func readPaperFile(_ file: PaperFile) throws -> [String] {
        let data: Data
        do { data = try Data(contentsOf: file.url) } catch {
            throw TeacherError.importFailed(file: file.url.path, line: nil, message: "cannot read: \(error.localizedDescription)")
        }
        do {
            return try paperCompletions(data)
        } catch {
            throw TeacherError.importFailed(file: file.url.path, line: nil, message: "expected a JSON array of strings: \(error.message)")
        }
    }

    /// A released output file's text: a JSON array of strings.
    static func paperCompletions(_ data: some Collection<UInt8>) throws(PaperFileProblem) -> [String] {
        let value: JSONValue
        do throws(JSONSyntaxError) {
            value = try JSONValue(parsing: data)
        } catch {
            throw PaperFileProblem(message: "byte \(error.offset + 1): \(error.message)")
        }
        guard let items = value.arrayValue else { throw PaperFileProblem(message: "the file is not a JSON array") }
        var completions: [String] = []
        completions.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let text = item.stringValue else {
                throw PaperFileProblem(message: "item \(i) is not a string but \(item.jsonText().prefix(40))")
            }
            completions.append(text)
        }
        return completions
    }

    struct PaperFileProblem: Error { var message: String }

    static func importJSONL(inputs: [URL], db: Database) throws -> Summary {
        let statement = try db.makeStatement(sql: "INSERT OR REPLACE INTO by_id (id, completion) VALUES (?, ?)")
        let sampleStatement = try db.makeStatement(
            sql: "INSERT OR REPLACE INTO by_id_sample (id, sample, completion) VALUES (?, ?, ?)")
        var summary = Summary()
        for url in try expand(inputs) {
            var count = 0
            let reader: JSONLineReader
            do { reader = try JSONLineReader(url: url) } catch {
                throw TeacherError.importFailed(file: url.path, line: nil, message: "cannot read: \(error)")
            }
            while let (line, value) = try reader.next() {
                guard let id = value["id"].flatMap({ $0.stringValue ?? $0.intValue.map(String.init) }) else {
                    throw TeacherError.importFailed(file: url.path, line: line, message: "missing \"id\" (a string)")
                }
                guard let completion = value["completion"]?.stringValue else {
                    throw TeacherError.importFailed(file: url.path, line: line, message: "record '\(id)': missing \"completion\" (a string)")
                }
                var sample = 0
                if let node = value["sample"], node != .null {
                    guard let n = node.intValue, n >= 0 else {
                        throw TeacherError.importFailed(
                            file: url.path, line: line, message: "record '\(id)': \"sample\" must be a whole number ≥ 0 (0-based)")
                    }
                    sample = n
                }
                if sample == 0 {
                    try statement.execute(arguments: [id, completion])
                } else {
                    try sampleStatement.execute(arguments: [id, sample, completion])
                }
                count += 1
            }
            summary.counts.append((url.lastPathComponent, count))
        }
        return summary
    }
}
