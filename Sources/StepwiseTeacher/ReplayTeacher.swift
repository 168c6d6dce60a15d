import StepwiseCore

/// The `replay` teacher: serves recorded completions from a ``RecordingStore``, one
/// lookup per batch. A record without a recording is dropped as `no_recording`
/// (counted, and written to `rejects.jsonl` by the runner).
final class ReplayTeacher: TeacherBackend {
    let store: RecordingStore

    init(store: RecordingStore) { self.store = store }

    func answer(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord] {
        let completions = try store.completions(for: batch.map(\.source))
        var out: [TeacherRecord] = []
        out.reserveCapacity(batch.count)
        for (record, completion) in zip(batch, completions) {
            if let completion {
                out.append(TeacherRecord(prompted: record, completion: completion, cached: true, attempts: 0))
            } else {
                context.drop(
                    record, reason: "no_recording",
                    detail: [("detail", .string("no recorded completion for id '\(record.source.id)' or \(record.source.dataset.rawValue)/\(record.source.split) index \(record.source.index) in \(store.path.lastPathComponent)"))])
            }
        }
        if out.count > 0 { context.count("replayed", out.count) }
        return out
    }
}
