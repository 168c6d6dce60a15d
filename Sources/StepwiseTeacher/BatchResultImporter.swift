import Foundation
import StepwiseCore

/// Reads an OpenAI Batch API output file into the completion cache.
///
/// Each line is `{"custom_id": …, "response": {"status_code": …, "body": {…}}, "error": …}`;
/// the `custom_id` is the ``CacheKey`` that ``BatchRequestWriter`` wrote. A line with a
/// 200 response and a choice with a string `text` (completions) or `message.content`
/// (chat) is stored; failed requests are counted (they stay pending: the next
/// `export-batch` or `run` asks for them again). A line that is not such JSON stops the
/// import with its line number. Entries are written in transactions of 1,000.
public enum BatchResultImporter {
    public struct Summary: Sendable, Hashable {
        public var imported = 0
        /// Answers the cache already held.
        public var alreadyCached = 0
        /// Requests the provider reports as failed (non-200 or `error` set).
        public var failed = 0
        /// Responses without a usable choice.
        public var unusable = 0
        /// The first few failure messages, `custom_id: message`.
        public var failures: [String] = []
    }

    public static func run(file: URL, cache: CompletionCache) throws(TeacherError) -> Summary {
        var summary = Summary()
        let reader: JSONLineReader
        do { reader = try JSONLineReader(url: file) } catch {
            throw .importFailed(file: file.path, line: nil, message: "cannot read: \(error)")
        }
        var pending: [CacheEntry] = []
        func flush() throws(TeacherError) {
            guard !pending.isEmpty else { return }
            let known = try cache.lookup(pending.map(\.key))
            summary.alreadyCached += known.count
            summary.imported += pending.count - known.count
            try cache.store(pending)
            pending.removeAll(keepingCapacity: true)
        }
        do {
            while let (line, value) = try reader.next() {
                guard let id = value["custom_id"]?.stringValue else {
                    throw TeacherError.importFailed(file: file.path, line: line, message: "missing \"custom_id\"")
                }
                guard let key = CacheKey(hex: id) else {
                    throw TeacherError.importFailed(
                        file: file.path, line: line,
                        message: "custom_id '\(id)' is not a Stepwise cache key (64 hex digits); was this file made by `stepwise teacher export-batch`?")
                }
                let response = value["response"]
                let status = response?["status_code"]?.intValue ?? 0
                if let error = value["error"], !error.isNull {
                    summary.failed += 1
                    if summary.failures.count < 5 { summary.failures.append("\(id): \(error["message"]?.stringValue ?? error.jsonText())") }
                    continue
                }
                guard status == 200, let body = response?["body"] else {
                    summary.failed += 1
                    if summary.failures.count < 5 { summary.failures.append("\(id): HTTP \(status)") }
                    continue
                }
                guard let choice = body["choices"]?.arrayValue?.first,
                    let text = choice["text"]?.stringValue ?? choice["message"]?["content"]?.stringValue
                else {
                    summary.unusable += 1
                    continue
                }
                var usage = body["usage"].flatMap(OpenAIClient.usage)
                usage?.completions = 1
                pending.append(
                    CacheEntry(
                        key: key, completion: text, finishReason: choice["finish_reason"]?.stringValue,
                        model: body["model"]?.stringValue ?? "unknown", origin: "batch", usage: usage))
                if pending.count >= 1000 { try flush() }
            }
            try flush()
        } catch let error as TeacherError {
            throw error
        } catch {
            throw .importFailed(file: file.path, line: reader.lineNumber, message: "\(error)")
        }
        return summary
    }
}
