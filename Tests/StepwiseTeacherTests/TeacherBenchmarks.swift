import Foundation
import StepwiseCore
import StepwiseTestSupport
import Testing

@testable import StepwiseTeacher

/// Throughput figures, run on demand (build with `-c release`):
///
///     STEPWISE_TEACHER_BENCH=1 swift test -c release --filter TeacherBenchmarks
///
/// Needs `../shared/corpora/palm/esnli` for the import and replay figures and python3 for
/// the request figures; prints what it measured.
@Suite(.serialized)
struct TeacherBenchmarks {
    static let enabled = ProcessInfo.processInfo.environment["STEPWISE_TEACHER_BENCH"] == "1"
    static let palm = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpora/palm/esnli")

    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
        }
        return 0
    }

    @Test("import and replay the 549,367 released e-SNLI train completions")
    func replayESNLI() async throws {
        guard Self.enabled else { return }
        guard FileManager.default.fileExists(atPath: Self.palm.path) else {
            print("skipped: \(Self.palm.path) is not here")
            return
        }
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("esnli.sqlite")
        let files = (0..<100).map { Self.palm.appendingPathComponent("train_CoT_\($0).json") }
        var clock = ContinuousClock.now
        let summary = try RecordingImporter.run(format: .paper, inputs: files, out: out)
        let importSeconds = (ContinuousClock.now - clock).seconds
        print(String(format: "BENCH import: %d completions in %.2f s (%.0f/s)", summary.total, importSeconds, Double(summary.total) / importSeconds))
        #expect(summary.total == 549_367)

        let stage = try TeacherStage(kind: .replay(recordings: out), cache: nil)
        let counters = StageCounters(name: "teacher")
        let batchSize = 1024
        var served = 0
        var stageSeconds = 0.0
        clock = ContinuousClock.now
        for start in stride(from: 0, to: summary.total, by: batchSize) {
            let batch = (start..<min(summary.total, start + batchSize)).map { i in
                PromptedRecord(
                    source: SourceRecord(id: "esnli-train-\(i)", dataset: "esnli", split: "train", index: i, input: "p </s> h", label: "neutral"),
                    prompt: .text(""))
            }
            var context = BatchContext(stage: "teacher", counters: counters)
            let t = ContinuousClock.now
            served += try await stage.process(batch, context: &context).count
            stageSeconds += (ContinuousClock.now - t).seconds
        }
        let total = (ContinuousClock.now - clock).seconds
        print(String(format: "BENCH replay: %d records, teacher stage %.2f s (%.0f records/s), with record construction %.2f s; peak RSS %.0f MB",
            served, stageSeconds, Double(served) / stageSeconds, total, Self.peakRSSMegabytes()))
        #expect(served == 549_367)
    }

    @Test("requests per second against the local server with zero latency")
    func requestRate() async throws {
        guard Self.enabled else { return }
        if let reason = FakeServer.unavailableReason { print("skipped: \(reason)"); return }
        let dir = try temporaryDirectory()
        for (api, batchSize, concurrency) in [(TeacherAPI.completions, 8, 8), (.completions, 1, 8), (.chat, 1, 8), (.completions, 1, 1)] {
            let server = try FakeServer(directory: dir)
            let cache = try CompletionCache(path: dir.appendingPathComponent("bench-\(UUID().uuidString).sqlite"))
            let options = OpenAITeacherOptions(
                baseURL: server.baseURL, model: "fake-model", api: api, batchSize: batchSize, concurrency: concurrency,
                maxTokens: 64, timeoutSeconds: 10, maxRetries: 3)
            let stage = try TeacherStage(kind: .openai(options), cache: cache)
            let records = promptedRecords(api == .chat || batchSize == 1 ? 2000 : 8000, chat: api == .chat)
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                let counters = StageCounters(name: "teacher")
                for chunk in stride(from: 0, to: records.count, by: 64) {
                    let batch = Array(records[chunk..<min(records.count, chunk + 64)])
                    group.addTask {
                        var context = BatchContext(stage: "teacher", counters: counters)
                        _ = try await stage.process(batch, context: &context)
                    }
                    if chunk / 64 >= 3 { try await group.next() }
                }
                try await group.waitForAll()
            }
            let seconds = (ContinuousClock.now - start).seconds
            let requests = try server.requests()
            let serverBusy = requests.compactMap { r -> Double? in
                guard let s = r["start"] as? Double, let e = r["end"] as? Double else { return nil }
                return e - s
            }.reduce(0, +) / Double(max(1, requests.count))
            let perRequest = seconds / Double(requests.count) * Double(concurrency)
            print(String(format: "BENCH %@ batch_size=%d concurrency=%d: %d requests (%d prompts) in %.2f s = %.0f requests/s, %.0f prompts/s; time per request %.2f ms, of which server handling %.2f ms",
                api.rawValue, batchSize, concurrency, requests.count, records.count, seconds, Double(requests.count) / seconds,
                Double(records.count) / seconds, perRequest * 1000, serverBusy * 1000))
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
