import Foundation
import StepwiseConfig
import StepwiseCore
import Testing

@testable import StepwisePipeline

/// Every key of `Schemas/pipeline.schema.json` is live: changing it changes the run's
/// fingerprint (what a resumed run must match) *and* the settings the stages are built with,
/// read back from the stages themselves (``StageGraph/settings()``). A key that is
/// validated and documented but never reaches a stage — as `dataset.limit` and
/// `prompt.system` once were — fails here.
///
/// Each key needs a case below: a base pipeline and the key's new value. A key added to the
/// schema without one fails ``everySchemaKeyHasACase()``.
@Suite struct EveryKeyTests {
    /// Keys that by design do not change the fingerprint: where the output goes, where the
    /// cache is, the dataflow tuning (`run`), which changes speed and never results, and the
    /// teacher's failure allowance (raised to let a run whose teacher failed finish).
    static let notFingerprinted: Set<String> = [
        "description", "output.dir", "teacher.cache", "teacher.max_failures", "run.batch_size", "run.workers",
        "run.channel_capacity",
        // Prices and the budget: what the answers cost, never what they are.
        "teacher.price", "teacher.price.input_per_million", "teacher.price.output_per_million",
        "teacher.price.cached_input_per_million", "teacher.price_per_million_tokens",
        "teacher.price_per_million_tokens.prompt", "teacher.price_per_million_tokens.completion", "teacher.max_cost",
    ]
    /// Keys that by design reach no stage: the pipeline's name and description name the run.
    static let notInStages: Set<String> = ["name", "description"]

    static let root = TestPaths.repositoryRoot.path

    /// The base pipelines, as JSON (which is YAML).
    static func base(_ name: String, scratch: URL) -> JSONValue {
        let openai: JSONValue = [
            "kind": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m", "batch_size": 4,
            "price": ["input_per_million": 1, "output_per_million": 2],
        ]
        var pipeline: JSONValue = [
            "name": "every-key", "description": "base",
            "dataset": ["name": "anli", "format": "official", "source": .string(root + "/data/anli/anli_v1.0.zip"), "splits": ["train", "valid"]],
            "prompt": ["exemplars": .string(root + "/Pipelines/prompts/anli.yaml"), "style": "completion"],
            "teacher": openai,
            "parse": [:],
            "tokenizer": ["path": .string(root + "/data/tokenizer/sample.model")],
            "output": ["dir": .string(scratch.appendingPathComponent("out").path)],
            "run": [:],
        ]
        switch name {
        case "chat":
            pipeline.set("teacher.api", "chat")
            pipeline.set("teacher.batch_size", 1)
            pipeline.set("prompt.style", "chat")
        case "legacy-price":
            pipeline.set("teacher", [
                "kind": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "m", "batch_size": 4,
                "price_per_million_tokens": ["prompt": 1, "completion": 2],
            ])
        case "samples":
            pipeline.set("teacher.samples", 3)
        case "chat-api":
            pipeline.set("teacher.api", "chat")
            pipeline.set("teacher.batch_size", 1)
        case "human":
            pipeline.set("teacher", ["kind": "human"])
            pipeline.set("prompt", [:])
        case "replay":
            pipeline.set("teacher", ["kind": "replay", "recordings": .string(root + "/data/anli/recorded.jsonl")])
        case "cqa":
            pipeline.set("dataset", ["name": "cqa", "source": .string(root + "/data/cqa")])
            pipeline.set("prompt.exemplars", .string(root + "/Pipelines/prompts/cqa.yaml"))
        case "task":
            pipeline.set("dataset", [
                "name": "word-problems", "format": "jsonl", "source": .string(root + "/data/word-problems"),
                "splits": ["train", "test"],
                "fields": [
                    "id": "id", "input": "{{question}}", "label": ["field": "answer", "pattern": "####\\s*(.+?)\\s*$"],
                    "explanation": ["field": "answer", "pattern": "^(.*?)\\s*\n####"],
                ],
                "labels": ["kind": "number"],
            ])
            pipeline.set("prompt.exemplars", .string(root + "/Pipelines/prompts/word-problems.yaml"))
        case "classes":
            pipeline.set("dataset", [
                "name": "reviews", "source": .string(root + "/data/reviews/train.csv"),
                "fields": ["input": "{{text}}", "label": "sentiment"],
                "labels": ["kind": "classes", "classes": ["positive", "negative", ["pos": "positive"]]],
            ])
            pipeline.set("prompt.exemplars", .string(root + "/Pipelines/prompts/reviews.yaml"))
        case "choices":
            pipeline.set("dataset", [
                "name": "quiz", "format": "jsonl", "source": .string(root + "/data/quiz.jsonl"),
                "fields": ["input": "{{q}}", "label": "answer", "choices": "options"],
                "labels": ["kind": "choices"],
            ])
            pipeline.set("prompt", [:])
            pipeline.set("teacher", ["kind": "human"])
        case "svamp":
            pipeline.set("dataset", [
                "name": "svamp", "source": .string(root + "/data/svamp"),
                "augment": [["name": "svamp", "source": .string(root + "/data/svamp"), "splits": ["train"]]],
            ])
            pipeline.set("prompt.exemplars", .string(root + "/Pipelines/prompts/svamp.yaml"))
        default:
            break
        }
        return pipeline
    }

    /// Per schema key: the base it is changed in, and its new value there. Where a key
    /// cannot change alone, the case sets a whole section (`teacher.kind`: a `teacher:`
    /// of the other kind) or an object key (`teacher.price_per_million_tokens.prompt`).
    static func cases(scratch: URL) -> [String: (base: String, value: JSONValue)] {
        let otherExemplars = scratch.appendingPathComponent("anli-exemplars.yaml").path
        return [
            "name": ("openai", "other"),
            "description": ("openai", "another description"),
            "dataset.name": ("human", "esnli"),
            "dataset.format": ("openai", "reference-jsonl"),
            "dataset.source": ("openai", .string(root + "/data/anli/anli_v1.0.tar.gz")),
            "dataset.splits": ("openai", ["valid"]),
            "dataset.sample": ("openai", ["fraction": 0.25, "seed": 1]),
            "dataset.sample.fraction": ("openai", 0.5),
            "dataset.sample.seed": ("openai", 3),
            "dataset.round": ("openai", 2),
            "dataset.explanations": ("cqa", .string(root + "/data")),
            "dataset.on_bad_record": ("openai", "skip"),
            "dataset.limit": ("openai", 5),
            "dataset.augment": ("svamp", []),
            "dataset.augment[].name": ("svamp", "asdiv"),
            "dataset.augment[].format": ("svamp", "reference-jsonl"),
            "dataset.augment[].source": ("svamp", .string(root + "/data/svamp/SVAMP.json")),
            "dataset.augment[].splits": ("svamp", ["test"]),
            "prompt.exemplars": ("openai", .string(otherExemplars)),
            "prompt.style": ("chat-api", "chat"),
            "prompt.system": ("chat", "Be brief."),
            "teacher.kind": ("openai", ["kind": "human"]),
            "teacher.cache": ("openai", .string(scratch.appendingPathComponent("elsewhere.sqlite").path)),
            "teacher.splits": ("openai", ["train"]),
            "teacher.max_failures": ("openai", 10),
            "teacher.recordings": ("replay", .string(root + "/data/esnli/recorded.jsonl")),
            "teacher.base_url": ("openai", "http://127.0.0.1:10/v1"),
            "teacher.model": ("openai", "n"),
            "teacher.api": ("chat-api", "completions"),
            "teacher.api_key_env": ("openai", "HOME"),
            "teacher.batch_size": ("openai", 8),
            "teacher.concurrency": ("openai", 9),
            "teacher.max_tokens": ("openai", 99),
            "teacher.temperature": ("openai", 0.7),
            "teacher.top_p": ("openai", 0.9),
            "teacher.stop": ("openai", ["END"]),
            "teacher.seed": ("openai", 7),
            "teacher.timeout_s": ("openai", 5),
            "teacher.max_retries": ("openai", 1),
            "teacher.requests_per_minute": ("openai", 60),
            "teacher.tokens_per_minute": ("openai", 1000),
            "teacher.price_per_million_tokens": ("legacy-price", ["prompt": 5, "completion": 6]),
            "teacher.price_per_million_tokens.prompt": ("legacy-price", ["prompt": 3, "completion": 2]),
            "teacher.price_per_million_tokens.completion": ("legacy-price", ["prompt": 1, "completion": 4]),
            "teacher.price": ("openai", ["input_per_million": 5, "output_per_million": 6]),
            "teacher.price.input_per_million": ("openai", ["input_per_million": 3, "output_per_million": 2]),
            "teacher.price.output_per_million": ("openai", ["input_per_million": 1, "output_per_million": 4]),
            "teacher.price.cached_input_per_million": (
                "openai", ["input_per_million": 1, "output_per_million": 2, "cached_input_per_million": 0.5]
            ),
            "teacher.max_cost": ("openai", 12.5),
            "teacher.extra_body": ("openai", ["response_format": ["type": "json_object"]]),
            "teacher.retry_empty": ("openai", 2),
            "teacher.samples": ("openai", 5),
            "teacher.vote": ("samples", "none"),
            "teacher.keep": ("samples", "one"),
            "teacher.min_agreement": ("samples", 0.6),
            "parse.mode": ("openai", "paper"),
            "parse.rationale_too_long": ("openai", "truncate"),
            "parse.drop_duplicate_inputs": ("openai", true),
            "parse.drop_teacher_disagreement": ("openai", true),
            "tokenizer.path": ("openai", .string(root + "/data/tokenizer/sample-tokenizer.json")),
            "tokenizer.max_input_tokens": ("openai", 100),
            "tokenizer.max_target_tokens": ("openai", 50),
            "student.label_prefix": ("openai", "label: "),
            "student.rationale_prefix": ("openai", "why: "),
            "dataset.files": ("task", ["train": "train.jsonl", "test": ["t*.jsonl"]]),
            "dataset.fields": ("task", ["input": "Q: {{question}}", "label": ["field": "answer", "pattern": "#### (.*)"]]),
            "dataset.fields.id": ("task", "{{id}}-x"),
            "dataset.fields.input": ("task", "{{question}} "),
            "dataset.fields.label": ("task", ["field": "answer", "pattern": "####(.*)"]),
            "dataset.fields.explanation": ("task", "answer"),
            "dataset.fields.choices": ("choices", "other_options"),
            "dataset.labels": ("task", ["kind": "text"]),
            "dataset.labels.kind": ("task", "text"),
            "dataset.labels.classes": ("classes", ["positive", "negative", ["good": "positive"]]),
            "parse.answer_phrases": ("task", ["Result:"]),
            "parse.label_pattern": ("task", "(\\d+)"),
            "output.dir": ("openai", .string(scratch.appendingPathComponent("out2").path)),
            "output.compression": ("openai", "zstd:9"),
            "output.shard_size_limit": ("openai", 4096),
            "output.token_dtype": ("openai", "uint16"),
            "output.text_columns": ("openai", true),
            "output.hashes": ("openai", ["sha1"]),
            "output.formats": ("openai", ["mds", "parquet"]),
            "output.license": ("openai", "cc-by-4.0"),
            "run.batch_size": ("openai", 16),
            "run.workers": ("openai", 3),
            "run.channel_capacity": ("openai", 7),
        ]
    }

    /// Every property path of the schema: `teacher.model`, `dataset.sample.seed`,
    /// `dataset.augment[].name`.
    static func schemaKeys() throws -> [String] {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.schema)) as? [String: Any])
        let defs = schema["$defs"] as? [String: Any] ?? [:]
        func resolve(_ node: Any?) -> [String: Any]? {
            guard var object = node as? [String: Any] else { return nil }
            if let ref = object["$ref"] as? String, let target = defs[String(ref.split(separator: "/").last ?? "")] as? [String: Any] {
                object = target.merging(object) { a, _ in a }
            }
            return object
        }
        func walk(_ node: [String: Any], _ path: String) -> [String] {
            guard let properties = node["properties"] as? [String: Any] else { return [] }
            var out: [String] = []
            for (key, value) in properties {
                guard let child = resolve(value) else { continue }
                let sub = path.isEmpty ? key : path + "." + key
                out.append(sub)
                out += walk(child, sub)
                if let items = resolve(child["items"]) { out += walk(items, sub + "[]") }
            }
            return out
        }
        return walk(schema, "").filter { !PipelineConfig.topLevelKeys.contains($0) || ["name", "description"].contains($0) }.sorted()
    }

    @Test func everySchemaKeyHasACase() throws {
        let scratch = try ScratchDirectory("every-key-list")
        defer { scratch.remove() }
        let cases = Self.cases(scratch: scratch.url)
        let keys = try Self.schemaKeys()
        #expect(keys.count > 50)
        for key in keys where cases[key] == nil {
            Issue.record("\(key) is in the schema but has no case in EveryKeyTests: add one (a base and a new value)")
        }
        for key in cases.keys where !keys.contains(key) {
            Issue.record("EveryKeyTests has a case for \(key), which the schema does not list")
        }
    }

    /// Where a case's value goes: the key, or the section or object it belongs to.
    static func settingPath(_ key: String) -> String {
        switch key {
        case "teacher.kind": return "teacher"
        case "teacher.price_per_million_tokens.prompt", "teacher.price_per_million_tokens.completion":
            return "teacher.price_per_million_tokens"
        case "teacher.price.input_per_million", "teacher.price.output_per_million", "teacher.price.cached_input_per_million":
            return "teacher.price"
        default: return key
        }
    }

    /// The fingerprint a resumed run must match: the comparable configuration and the
    /// separately hashed `parse` section.
    static func fingerprint(_ config: PipelineConfig) -> String {
        Fingerprint.comparableConfig(config, options: RunOptions()).jsonText() + Fingerprint.parseSection(config).jsonText()
    }

    static func settings(_ config: PipelineConfig) throws -> JSONValue {
        try StageGraph(config: config, options: RunOptions(), outputDirectory: config.output.dir.url, stop: nil).settings()
    }

    static func load(_ value: JSONValue, scratch: URL) throws -> PipelineConfig {
        try PipelineConfig.decode(yaml: value.jsonText(), file: "every-key.yaml", baseDirectory: scratch)
    }

    @Test func everyKeyChangesTheFingerprintAndTheStages() throws {
        let scratch = try ScratchDirectory("every-key")
        defer { scratch.remove() }
        // Another exemplar file for the same dataset.
        let exemplars = try String(contentsOfFile: Self.root + "/Pipelines/prompts/anli.yaml", encoding: .utf8)
        try exemplars.replacingOccurrences(of: "dataset: anli\n", with: "dataset: anli\ninstruction: Think.\n")
            .write(to: scratch.path("anli-exemplars.yaml"), atomically: true, encoding: .utf8)

        var bases: [String: (fingerprint: String, settings: JSONValue)] = [:]
        for (key, change) in Self.cases(scratch: scratch.url).sorted(by: { $0.key < $1.key }) {
            do {
                let baseValue = Self.base(change.base, scratch: scratch.url)
                if bases[change.base] == nil {
                    let config = try Self.load(baseValue, scratch: scratch.url)
                    bases[change.base] = (Self.fingerprint(config), try Self.settings(config))
                }
                guard let base = bases[change.base] else { continue }
                var changed = baseValue
                changed.set(Self.settingPath(key).replacingOccurrences(of: "[]", with: ".0"), change.value)
                let config = try Self.load(changed, scratch: scratch.url)
                let fingerprintChanged = Self.fingerprint(config) != base.fingerprint
                let settingsChanged = try Self.settings(config) != base.settings
                #expect(fingerprintChanged != Self.notFingerprinted.contains(key), "\(key): fingerprint changed: \(fingerprintChanged)")
                #expect(settingsChanged != Self.notInStages.contains(key), "\(key): stage settings changed: \(settingsChanged)")
            } catch {
                Issue.record("\(key): \(error)")
            }
        }
    }
}

extension JSONValue {
    /// Sets the value at a dotted path (`teacher.model`, `dataset.augment.0.name`), making
    /// objects on the way; a numeric part indexes an array.
    mutating func set(_ path: String, _ value: JSONValue) {
        let parts = path.split(separator: ".").map(String.init)
        self = Self.setting(self, parts[...], value)
    }

    private static func setting(_ node: JSONValue, _ parts: ArraySlice<String>, _ value: JSONValue) -> JSONValue {
        guard let first = parts.first else { return value }
        if let index = Int(first), case .array(var items) = node, items.indices.contains(index) {
            items[index] = setting(items[index], parts.dropFirst(), value)
            return .array(items)
        }
        var pairs: [(String, JSONValue)] = []
        if case .object(let existing) = node { pairs = existing }
        if let i = pairs.firstIndex(where: { $0.0 == first }) {
            pairs[i].1 = setting(pairs[i].1, parts.dropFirst(), value)
        } else {
            pairs.append((first, setting(.object([]), parts.dropFirst(), value)))
        }
        return .object(pairs)
    }
}
