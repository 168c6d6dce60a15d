import Foundation
import StepwiseCore
import Synchronization

/// Writes pending prompts as an OpenAI Batch API input file (the offline, cheaper way to
/// ask for hundreds of thousands of completions).
///
/// One JSON line per distinct prompt that the cache does not already hold:
/// `{"custom_id": <cache key hex>, "method": "POST", "url": "/v1/completions" or
/// "/v1/chat/completions", "body": {…}}`, the body being exactly what the live teacher
/// would send for that one prompt (`teacher.extra_body` included). With `teacher.samples`
/// k > 1, one line per sample, each with its own key and seed (as the live teacher asks a
/// server that ignores `n`). The `custom_id` is the prompt's ``CacheKey``, so
/// ``BatchResultImporter`` puts each answer in the cache under the key that a later
/// `stepwise run` looks up. Written to `<output>.tmp` and renamed by ``finish()``.
public final class BatchRequestWriter: Sendable {
    /// What was written so far.
    public struct Summary: Sendable, Hashable {
        /// Lines (distinct prompts) written.
        public var requests = 0
        /// Records whose prompt the cache already answers.
        public var cached = 0
        /// Records whose prompt was already written for an earlier record.
        public var duplicates = 0
    }

    private struct State {
        var handle: FileHandle?
        var seen = Set<CacheKey>()
        var summary = Summary()
    }

    public let options: OpenAITeacherOptions
    /// Completions per prompt (`teacher.samples`).
    public let samples: Int
    public let output: URL
    let cache: CompletionCache?
    let client: OpenAIClient
    private let state: Mutex<State>
    private var temporary: URL { URL(fileURLWithPath: output.path + ".tmp") }

    /// Starts a batch file at `output`. The API key is not needed (and not read).
    public init(options: OpenAITeacherOptions, cache: CompletionCache?, output: URL, samples: Int = 1) throws(TeacherError) {
        var keyless = options
        keyless.apiKeyEnv = nil
        self.options = options
        self.samples = max(1, samples)
        self.output = output
        self.cache = cache
        self.client = try OpenAIClient(options: keyless, environment: [:])
        let tmp = URL(fileURLWithPath: output.path + ".tmp")
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: tmp)
        else {
            throw .importFailed(file: output.path, line: nil, message: "cannot create the batch file")
        }
        state = Mutex(State(handle: handle))
    }

    /// Adds the prompts of `batch` that still need an answer.
    public func write(_ batch: [PromptedRecord]) throws(TeacherError) {
        let asks = batch.flatMap { record in
            (0..<samples).map { j in (record: record, sample: j, key: CacheKey(prompt: record.prompt, options: options, sample: j)) }
        }
        let hits = try cache?.lookup(asks.map(\.key)) ?? [:]
        let url = "/v1" + options.api.path
        try state.withLock { (s: inout State) throws(TeacherError) in
            var text = ""
            for (record, sample, key) in asks {
                if hits[key] != nil {
                    s.summary.cached += 1
                    continue
                }
                guard s.seen.insert(key).inserted else {
                    s.summary.duplicates += 1
                    continue
                }
                let line: JSONValue = .object([
                    ("custom_id", .string(key.hex)),
                    ("method", "POST"),
                    ("url", .string(url)),
                    ("body", client.body(
                        for: RequestShape(
                            prompts: [record.prompt], seed: options.seed(sample: sample, retry: 0, samples: samples)))),
                ])
                line.write(to: &text)
                text += "\n"
                s.summary.requests += 1
            }
            do {
                try s.handle?.write(contentsOf: Data(text.utf8))
            } catch {
                throw .importFailed(file: output.path, line: nil, message: "cannot write: \(error)")
            }
        }
    }

    /// Flushes, closes and renames the file into place; returns the counts.
    @discardableResult
    public func finish() throws(TeacherError) -> Summary {
        try state.withLock { (s: inout State) throws(TeacherError) -> Summary in
            do {
                try s.handle?.synchronize()
                try s.handle?.close()
                s.handle = nil
                if FileManager.default.fileExists(atPath: output.path) { try FileManager.default.removeItem(at: output) }
                try FileManager.default.moveItem(at: temporary, to: output)
            } catch {
                throw .importFailed(file: output.path, line: nil, message: "cannot finish the batch file: \(error)")
            }
            return s.summary
        }
    }
}
