import Foundation
import StepwiseConfig
import StepwisePipeline
import Testing

/// The canonical JSON is the effective configuration: equal for files that mean the same
/// thing, different (and named by `differences(from:)`) when a setting changes.
@Suite struct CanonicalConfigTests {
    let base = URL(fileURLWithPath: "/srv/pipelines")

    func decode(_ yaml: String) throws -> PipelineConfig {
        try PipelineConfig.decode(yaml: yaml, file: "inline.yaml", baseDirectory: base)
    }

    let minimal = """
        name: svamp
        dataset: {name: svamp, source: ../data/svamp}
        prompt: {exemplars: prompts/svamp.yaml}
        teacher: {kind: replay, recordings: rec.jsonl}
        tokenizer: {path: t.model}
        output: {dir: ../out}
        """

    @Test func exactTextOfTheMinimalFile() throws {
        let config = try decode(minimal)
        let expected = #"{"dataset":{"augment":[],"format":"official","limit":null,"name":"svamp","on_bad_record":"fail","#
            + #""sample":{"fraction":1.0,"seed":0},"source":"/srv/data/svamp","splits":["train","test"]},"#
            + #""description":null,"name":"svamp","#
            + #""output":{"compression":"zstd","dir":"/srv/out","formats":["mds"],"hashes":[],"license":null,"#
            + #""shard_size_limit":67108864,"#
            + #""text_columns":false,"token_dtype":"int32"},"#
            + #""parse":{"answer_phrases":null,"drop_duplicate_inputs":false,"drop_teacher_disagreement":false,"#
            + #""label_pattern":null,"mode":"robust","rationale_too_long":"filter"},"#
            + #""prompt":{"exemplars":"/srv/pipelines/prompts/svamp.yaml","style":"completion","system":null},"#
            + #""run":{"batch_size":512,"channel_capacity":4,"workers":null},"#
            + #""student":{"label_prefix":"predict: ","rationale_prefix":"explain: "},"#
            + #""teacher":{"cache":"/srv/out/teacher-cache.sqlite","kind":"replay","recordings":"/srv/pipelines/rec.jsonl"},"#
            + #""tokenizer":{"max_input_tokens":1024,"max_target_tokens":256,"path":"/srv/pipelines/t.model"}}"#
        #expect(config.canonicalJSON == expected)
    }

    @Test func explicitDefaultsAndOtherSpellingsGiveTheSameBytes() throws {
        let explicit = """
            # Same pipeline, every default written out, keys in another order.
            output: {shard_size_limit: 67108864, dir: ../pipelines/../out, compression: "zstd:3", hashes: [],
                     token_dtype: int32, text_columns: false, formats: [mds]}
            tokenizer: {path: ./t.model, max_input_tokens: 1024, max_target_tokens: 256}
            student: {label_prefix: "predict: ", rationale_prefix: "explain: "}
            teacher: {recordings: rec.jsonl, kind: replay, cache: ../out/teacher-cache.sqlite}
            prompt: {style: completion, exemplars: prompts/svamp.yaml}
            dataset: {source: ../data/svamp, name: svamp, format: official, splits: [train, test],
                      sample: {fraction: 1, seed: 0}, on_bad_record: fail}
            parse: {mode: robust, rationale_too_long: filter}
            run: {batch_size: 512, channel_capacity: 4}
            name: svamp
            """
        let a = try decode(minimal), b = try decode(explicit)
        #expect(a.canonicalJSON == b.canonicalJSON)
        #expect(b.differences(from: a) == [])
    }

    @Test func differencesNameTheChangedKeys() throws {
        let a = try decode(minimal)
        let changed = minimal
            .replacingOccurrences(of: "dataset: {name: svamp, source: ../data/svamp}",
                                  with: "dataset: {name: svamp, source: ../data/svamp, sample: {fraction: 0.5}}")
            .replacingOccurrences(of: "tokenizer: {path: t.model}", with: "tokenizer: {path: t.model, max_target_tokens: 128}")
            .replacingOccurrences(of: "output: {dir: ../out}", with: "output: {dir: ../out}\nrun: {workers: 3}")
        let b = try decode(changed)
        #expect(b.differences(from: a) == ["dataset.sample.fraction", "run.workers", "tokenizer.max_target_tokens"])
        #expect(b.differences(from: a, ignoring: ["run"]) == ["dataset.sample.fraction", "tokenizer.max_target_tokens"])
        #expect(a.canonicalJSON != b.canonicalJSON)
    }

    @Test func changingTheTeacherKindListsKeysOnBothSides() throws {
        let a = try decode(minimal)
        let b = try decode(minimal.replacingOccurrences(
            of: "teacher: {kind: replay, recordings: rec.jsonl}",
            with: "teacher: {kind: openai, base_url: \"http://127.0.0.1:8000/v1\", model: m}"))
        let differences = b.differences(from: a)
        #expect(differences.contains("teacher.kind"))
        #expect(differences.contains("teacher.recordings"))
        #expect(differences.contains("teacher.model"))
        #expect(!differences.contains("teacher.cache"))
        #expect(differences.allSatisfy { $0.hasPrefix("teacher.") })
    }

    @Test func cacheFollowsAnOverriddenOutputDirectory() throws {
        var config = try decode(minimal)
        config.output.dir = ConfigPath(url: URL(fileURLWithPath: "/tmp/elsewhere"))
        #expect(config.teacher.cacheURL(output: config.output.dir.url).path == "/tmp/elsewhere/teacher-cache.sqlite")
        #expect(config.canonicalValue["teacher"]?["cache"] == .string("/tmp/elsewhere/teacher-cache.sqlite"))
    }
}

/// Listing and checking the paths a pipeline reads.
@Suite struct InputPathTests {
    @Test func listsInputsAndReportsMissingOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("x".utf8).write(to: directory.appendingPathComponent("t.model"))
        let yaml = """
            name: x
            dataset: {name: svamp, source: data, augment: [{name: asdiv, source: asdiv.xml}]}
            prompt: {exemplars: p.yaml}
            teacher: {kind: replay, recordings: r.jsonl}
            tokenizer: {path: t.model}
            output: {dir: out}
            """
        let config = try PipelineConfig.decode(yaml: yaml, file: "x.yaml", baseDirectory: directory)
        #expect(config.inputPaths.map(\.keyPath)
            == ["dataset.source", "dataset.augment[0].source", "prompt.exemplars", "teacher.recordings", "tokenizer.path"])
        let missing = config.missingInputs(file: "x.yaml")
        #expect(missing.map(\.keyPath) == ["dataset.augment[0].source", "prompt.exemplars", "teacher.recordings"])
        #expect(missing.first?.description
            == "x.yaml: dataset.augment[0].source: no such file or directory: \(directory.standardizedFileURL.path)/asdiv.xml")
    }

    @Test func canonicalJSONCanLeaveKeysOut() throws {
        let yaml = """
            name: x
            dataset: {name: svamp, source: data}
            teacher: {kind: human}
            tokenizer: {path: t.model}
            output: {dir: out}
            run: {workers: 2}
            """
        let a = try PipelineConfig.decode(yaml: yaml, file: "a.yaml", baseDirectory: URL(fileURLWithPath: "/a"))
        let b = try PipelineConfig.decode(
            yaml: yaml.replacingOccurrences(of: "workers: 2", with: "workers: 8")
                .replacingOccurrences(of: "dir: out", with: "dir: /elsewhere"),
            file: "b.yaml", baseDirectory: URL(fileURLWithPath: "/a"))
        let ignored: Set<String> = ["run", "output.dir", "teacher.cache"]
        #expect(a.canonicalJSON != b.canonicalJSON)
        #expect(a.canonicalJSON(ignoring: ignored) == b.canonicalJSON(ignoring: ignored))
        #expect(!a.canonicalJSON(ignoring: ignored).contains("\"run\""))
        #expect(a.canonicalJSON(ignoring: ignored).contains("\"output\":{\"compression\""))
    }
}
