import Crypto
import Foundation
import StepwiseConfig
import StepwiseCore

/// `teacher.kind: replay`: completions recorded earlier, from `teacher.recordings`.
public struct ReplayTeacherOptions: TeacherBackendOptions, Hashable {
    /// `teacher.recordings`: a recordings file made by `stepwise teacher import`; JSON lines
    /// of `{"id", "completion"}` objects (`{"id", "sample", "completion"}` for samples 1…); or a folder of the paper's released outputs
    /// (`<split>_CoT_<i>.json`). The last two are imported on first use.
    public var recordings: ConfigPath

    public init(recordings: ConfigPath) { self.recordings = recordings }

    public static let kind = "replay"
    public static let keys = ["recordings"]

    public static func decode(_ s: ConfigSection) -> ReplayTeacherOptions? {
        let recordings = s.path("recordings")
        if !s.has("recordings") {
            s.missing("recordings", expected: "a path to the recorded completions", condition: "with kind replay")
        }
        return recordings.map(ReplayTeacherOptions.init)
    }

    public var canonicalFields: [(String, JSONValue)] { [("recordings", .string(recordings.path))] }
    public var inputPaths: [(keyPath: String, path: ConfigPath)] { [("teacher.recordings", recordings)] }

    public func makeBackend(_ context: TeacherContext) throws -> any TeacherBackend {
        ReplayTeacher(
            store: try RecordingStore(path: try Self.recordingsFile(recordings.url, context: context)), samples: context.samples)
    }

    /// The recordings file to read. A recordings file made by `stepwise teacher import`
    /// (SQLite, recognised by its header whatever its name) is read as it is. A folder of
    /// the paper's `<split>_CoT_<i>.json` files, or a file of JSON lines of `{"id",
    /// "completion"}` objects, is imported first (once per content) into
    /// `OUT/recordings/<name>-<hash>.sqlite`, as `stepwise teacher import --format paper
    /// --dataset <the pipeline's>` or `--format jsonl` does.
    static func recordingsFile(_ url: URL, context: TeacherContext) throws -> URL {
        let outputDirectory = context.outputDirectory
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return try importedPaperFolder(url, context: context)
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            if try handle.read(upToCount: 16) == Data("SQLite format 3\u{0}".utf8) { return url }
            try handle.seek(toOffset: 0)
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw TeacherError.recordings(path: url.path, message: "cannot read the recordings (\(error.localizedDescription))")
        }
        if data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "[") {
            throw TeacherError.recordings(
                path: url.path,
                message: "a JSON array, not JSON lines of {\"id\", \"completion\"}; for the paper's released "
                    + "<split>_CoT_<i>.json files make a recordings file with `stepwise teacher import --format paper "
                    + "--dataset D --split S --out FILE …` and point teacher.recordings at it")
        }
        let digest = SHA256.hex(data)
        let name = url.deletingPathExtension().lastPathComponent + "-" + digest.prefix(16) + ".sqlite"
        let out = outputDirectory.appendingPathComponent("recordings", isDirectory: true).appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: out.path) {
            _ = try RecordingImporter.run(format: RecordingImporter.Format.jsonl, inputs: [url], out: out)
        }
        return out
    }

    /// A folder of released outputs, imported into `OUT/recordings/<folder>-<hash>.sqlite`
    /// (the hash of the files' names and contents).
    static func importedPaperFolder(_ url: URL, context: TeacherContext) throws -> URL {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
            .filter { RecordingImporter.parsePaperName($0) != nil }.sorted()
        guard !names.isEmpty else {
            throw TeacherError.recordings(path: url.path, message: "a folder without <split>_CoT_<i>.json files")
        }
        var hasher = SHA256()
        for name in names {
            hasher.update(data: Data(name.utf8))
            do { hasher.update(data: try Data(contentsOf: url.appendingPathComponent(name))) } catch {
                throw TeacherError.recordings(path: url.appendingPathComponent(name).path, message: "cannot read: \(error.localizedDescription)")
            }
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let out = context.outputDirectory.appendingPathComponent("recordings", isDirectory: true)
            .appendingPathComponent("\(url.lastPathComponent)-\(digest.prefix(16)).sqlite")
        if !FileManager.default.fileExists(atPath: out.path) {
            _ = try RecordingImporter.run(
                format: RecordingImporter.Format.paper, inputs: [url], out: out,
                dataset: context.dataset.isEmpty ? nil : context.dataset)
        }
        return out
    }
}

/// The `replay` teacher: serves recorded completions from a ``RecordingStore``, one
/// lookup per batch (and one more for samples 1… with `teacher.samples` > 1). A record
/// without a recording of every sample is dropped as `no_recording`.
final class ReplayTeacher: TeacherBackend {
    let store: RecordingStore
    let samples: Int

    init(store: RecordingStore, samples: Int = 1) {
        self.store = store
        self.samples = max(1, samples)
    }

    var settings: JSONValue { ["recordings": .string(store.path.path), "samples": .int(samples)] }

    func answer(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        let sources = batch.map(\.source)
        let completions = try store.completions(for: sources)
        let more = try store.moreSamples(for: sources, count: samples)
        var out: [TeacherRecord] = []
        out.reserveCapacity(batch.count)
        for (i, (record, completion)) in zip(batch, completions).enumerated() {
            if let missing = more[i].firstIndex(where: { $0 == nil }) {
                context.drop(
                    record, reason: "no_recording",
                    detail: [("detail", .string("no recorded sample \(missing + 1) for id '\(record.source.id)' in \(store.path.lastPathComponent) (teacher.samples is \(samples))"))])
            } else if let completion {
                out.append(
                    TeacherRecord(
                        prompted: record, completion: completion, cached: true, attempts: 0,
                        moreSamples: more[i].map { SampleAnswer(completion: $0) }))
            } else {
                context.drop(
                    record, reason: "no_recording",
                    detail: [("detail", .string("no recorded completion for id '\(record.source.id)' or \(record.source.dataset)/\(record.source.split) index \(record.source.index) in \(store.path.lastPathComponent)"))])
            }
        }
        if out.count > 0 { context.count("replayed", out.count) }
        return out
    }
}
