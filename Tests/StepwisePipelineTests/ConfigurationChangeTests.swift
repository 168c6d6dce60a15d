import Foundation
import StepwisePipeline
import Testing

/// A rerun into an output directory holding another configuration's run is refused and
/// names what changed; `--fresh` starts over; a change to `parse` alone re-parses.
@Suite struct ConfigurationChangeTests {
    /// Runs the quickstart copy into `out` and returns the split and rejects files.
    private func baseline(_ scratch: ScratchDirectory, out: URL) async throws -> [String: Data] {
        var copy = try QuickstartCopy()
        try copy.smallShardsAndBatches()
        try await runPipeline(try copy.load(into: scratch.url), out: out)
        return try fileTree(out)
    }

    /// Expects `run` to throw `configurationChanged` naming exactly `keyPath` among the changes.
    private func expectRefusal(
        naming keyPath: String, _ run: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            try await run()
            Issue.record("the rerun was not refused", sourceLocation: sourceLocation)
        } catch let error as PipelineError {
            guard case .configurationChanged(_, let changes) = error else {
                Issue.record("expected configurationChanged, got \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(changes.contains(keyPath), "changes: \(changes)", sourceLocation: sourceLocation)
            #expect(error.description.contains(keyPath), sourceLocation: sourceLocation)
            #expect(error.description.contains("--fresh"), sourceLocation: sourceLocation)
            #expect(error.isUsageError, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected PipelineError.configurationChanged, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func changedRecordingsPathIsRefusedThenFreshStartsOver() async throws {
        let scratch = try ScratchDirectory("change-recordings")
        defer { scratch.remove() }
        let out = scratch.path("out")
        let before = try await baseline(scratch, out: out)

        // Same completions, another file: the configuration still changed.
        let recordings = scratch.path("other-recorded.jsonl")
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("data/esnli/recorded.jsonl"), to: recordings)
        var changed = try QuickstartCopy()
        try changed.smallShardsAndBatches()
        try changed.replace(repositoryRoot.path + "/data/esnli/recorded.jsonl", with: recordings.path)
        let config = try changed.load(into: scratch.url)

        await expectRefusal(naming: "teacher.recordings") { try await runPipeline(config, out: out) }
        #expect(try fileTree(out) == before, "the refused run changed the output directory")

        let summary = try await runPipeline(config, out: out, fresh: true)
        #expect(summary.record?.finished == true)
        #expect(summary.record?.config["teacher"]?["recordings"] == .string(recordings.path))
        // Same completions, so the same shards.
        #expect(try fileTree(out, only: outputParts) == outputFiles(before))
    }

    @Test func changedSampleFractionIsRefusedThenFreshMatchesACleanRun() async throws {
        let scratch = try ScratchDirectory("change-fraction")
        defer { scratch.remove() }
        let out = scratch.path("out")
        let before = try await baseline(scratch, out: out)

        var changed = try QuickstartCopy()
        try changed.smallShardsAndBatches()
        try changed.sample(fraction: 0.5)
        let config = try changed.load(into: scratch.url)

        await expectRefusal(naming: "dataset.sample.fraction") { try await runPipeline(config, out: out) }
        #expect(try fileTree(out) == before, "the refused run changed the output directory")

        try await runPipeline(config, out: out, fresh: true)
        let clean = scratch.path("clean")
        try await runPipeline(config, out: clean)
        let freshTree = try fileTree(out, only: outputParts)
        #expect(freshTree == (try fileTree(clean, only: outputParts)), "--fresh left something of the earlier run")
        #expect(freshTree != outputFiles(before))
        #expect(try runRecordWithoutTimes(out.appendingPathComponent("run.json"))
            == (try runRecordWithoutTimes(clean.appendingPathComponent("run.json"))))
    }

    /// Pushes the modification date of every shard and index back to 2001, so a later
    /// rewrite is visible even when it writes the same bytes.
    private func backdateSplitFiles(_ out: URL) throws -> [String] {
        let old = Date(timeIntervalSince1970: 1_000_000_000)
        var touched: [String] = []
        for path in try fileTree(out, only: quickstartSplits).keys {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: out.appendingPathComponent(path).path)
            touched.append(path)
        }
        return touched
    }

    /// Changes the `parse` section only, reruns into `out` and checks the result equals a
    /// clean run of the changed file; returns the rebuilt split and rejects files.
    private func rerunWithChangedParse(
        _ parse: String, label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (before: [String: Data], after: [String: Data], record: RunRecord) {
        let scratch = try ScratchDirectory(label)
        defer { scratch.remove() }
        let out = scratch.path("out")
        let before = outputFiles(try await baseline(scratch, out: out))
        let recordBefore = try #require(try RunRecord.load(from: out.appendingPathComponent("run.json")))
        let backdated = try backdateSplitFiles(out)

        var changed = try QuickstartCopy()
        try changed.smallShardsAndBatches()
        try changed.replace("parse: {mode: robust}", with: parse)
        let config = try changed.load(into: scratch.url)

        let summary = try await runPipeline(config, out: out)
        #expect(!summary.text.contains("nothing to do"), sourceLocation: sourceLocation)
        let record = try #require(summary.record, sourceLocation: sourceLocation)
        #expect(record.finished, sourceLocation: sourceLocation)
        #expect(record.parseHash != recordBefore.parseHash, sourceLocation: sourceLocation)
        #expect(record.configHash == recordBefore.configHash, sourceLocation: sourceLocation)
        let dates = try modificationDates(out)
        for path in backdated {
            guard let date = dates[path] else { continue }  // a shard the new run no longer writes
            #expect(date > Date(timeIntervalSince1970: 1_000_000_000), "\(path) was not rewritten", sourceLocation: sourceLocation)
        }

        // The rebuilt output is exactly what a clean run of the changed file writes.
        let clean = scratch.path("clean")
        try await runPipeline(config, out: clean)
        let rebuilt = try fileTree(out, only: outputParts)
        #expect(rebuilt == (try fileTree(clean, only: outputParts)), sourceLocation: sourceLocation)
        #expect(try runRecordWithoutTimes(out.appendingPathComponent("run.json"))
            == (try runRecordWithoutTimes(clean.appendingPathComponent("run.json"))), sourceLocation: sourceLocation)
        return (before, rebuilt, record)
    }

    @Test func changingOnlyParseModeReparses() async throws {
        // On the quickstart samples both parsers agree, so the rebuilt bytes equal the old.
        let result = try await rerunWithChangedParse("parse: {mode: paper}", label: "change-parse-mode")
        #expect(result.after == result.before)
    }

    @Test func enablingADisagreementFilterReparsesWithFewerSamples() async throws {
        let result = try await rerunWithChangedParse(
            "parse: {mode: robust, drop_teacher_disagreement: true}", label: "change-parse-filter")
        #expect(result.after != result.before)
        let filtered = result.record.splits.values.reduce(0) { $0 + ($1.filtered["teacher_disagrees_with_gold"] ?? 0) }
        #expect(filtered > 0)
    }
}
