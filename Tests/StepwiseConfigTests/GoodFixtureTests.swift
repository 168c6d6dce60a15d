import Foundation
import StepwiseConfig
import StepwisePipeline
import StepwiseCore
import StepwiseDatasets
import StepwiseLoaders
import StepwisePrompting
import StepwiseRationales
import StepwiseTeacher
import Testing

/// Good fixtures decode to the values written, with defaults filled in and paths
/// resolved against the pipeline file's directory.
@Suite struct GoodFixtureTests {
    let directory = TestPaths.goodFixtures

    func load(_ name: String) throws -> PipelineConfig {
        try PipelineConfig.load(from: directory.appendingPathComponent(name))
    }

    func resolved(_ relative: String) -> String {
        directory.appendingPathComponent(relative).standardizedFileURL.path
    }

    @Test func issueExampleWithDefaults() throws {
        let config = try load("issue-example.yaml")
        #expect(config.name == "svamp")
        #expect(config.description == nil)
        #expect(config.dataset.name == "svamp")
        #expect(config.dataset.format == .official)
        #expect(config.dataset.source.text == "../data/svamp")
        #expect(config.dataset.source.path == resolved("../data/svamp"))
        #expect(config.dataset.splits == ["train", "test"])
        #expect(config.dataset.sample == SampleOptions(fraction: 1.0, seed: 0))
        #expect(config.dataset.round == nil)
        #expect(config.dataset.explanations == nil)
        #expect(config.dataset.onBadRecord == .fail)
        #expect(config.dataset.limit == nil)
        #expect(config.dataset.augment.isEmpty)
        #expect(config.prompt.exemplars?.path == resolved("prompts/svamp.yaml"))
        #expect(config.prompt.style == .completion)
        #expect(config.teacher.kind == "replay")
        #expect(config.teacher.backend(ReplayTeacherOptions.self)?.recordings.path == resolved("../data/svamp/recorded.jsonl"))
        #expect(config.teacher.backend(OpenAITeacherOptions.self) == nil)
        #expect(config.teacher.cacheURL(output: config.output.dir.url).path == resolved("../out/svamp/teacher-cache.sqlite"))
        #expect(config.parse == ParseOptions(mode: .robust, rationaleTooLong: .filter,
                                            dropDuplicateInputs: false, dropTeacherDisagreement: false))
        #expect(config.tokenizer.path.path == resolved("../data/tokenizer/sample.model"))
        #expect(config.tokenizer.maxInputTokens == 1024)
        #expect(config.tokenizer.maxTargetTokens == 256)
        #expect(config.student.labelPrefix == "predict: ")
        #expect(config.student.rationalePrefix == "explain: ")
        #expect(config.output.dir.path == resolved("../out/svamp"))
        #expect(config.output.compression == .zstd(level: 3))
        #expect(config.output.compression.indexName == "zstd")
        #expect(config.output.shardSizeLimit == 67_108_864)
        #expect(config.output.tokenDType == .int32)
        #expect(config.output.textColumns == false)
        #expect(config.output.hashes.isEmpty)
        #expect(config.run == RunSettings(batchSize: 512, workers: nil, channelCapacity: 4))
    }

    @Test func everyOpenAIKey() throws {
        let config = try load("openai-chat.yaml")
        #expect(config.description == "CommonsenseQA against a local vLLM server")
        #expect(config.dataset.splits == ["train", "test"])
        #expect(config.dataset.source.path == "/data/cqa-v1.11")
        #expect(config.dataset.explanations?.path == "/data/cose-v1.11")
        #expect(config.dataset.sample == SampleOptions(fraction: 0.125, seed: 7))
        #expect(config.prompt.style == .chat)
        #expect(config.prompt.system == "You answer multiple-choice questions step by step.")
        let o = try #require(config.teacher.backend(OpenAITeacherOptions.self))
        #expect(o.baseURL.absoluteString == "http://127.0.0.1:8000/v1")
        #expect(o.model == "llama-3-8b-instruct")
        #expect(o.api == .chat)
        #expect(o.apiKeyEnv == "LOCAL_VLLM_KEY")
        #expect(o.batchSize == 1)
        #expect(o.concurrency == 16)
        #expect(o.maxTokens == 200)
        #expect(o.temperature == 0.7)
        #expect(o.stop == ["\n\nQ:", "Q:"])
        #expect(o.seed == 1234)
        #expect(o.timeoutSeconds == 30.5)
        #expect(o.maxRetries == 0)
        #expect(o.requestsPerMinute == 600)
        #expect(o.tokensPerMinute == 200_000)
        #expect(o.price == TokenPrice(input: 0.15, output: 0.6))
        let home = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/stepwise/teacher.sqlite")
        #expect(config.teacher.cache?.path == home.standardizedFileURL.path)
        #expect(config.teacher.cacheURL(output: config.output.dir.url).path == home.standardizedFileURL.path)
        #expect(config.parse == ParseOptions(mode: .paper, rationaleTooLong: .truncate,
                                            dropDuplicateInputs: true, dropTeacherDisagreement: true))
        #expect(config.tokenizer.maxInputTokens == 512)
        #expect(config.tokenizer.maxTargetTokens == 128)
        #expect(config.student.labelPrefix == "label: ")
        #expect(config.student.rationalePrefix == "rationale: ")
        #expect(config.output.compression == .zstd(level: 19))
        #expect(config.output.compression.indexName == "zstd:19")
        #expect(config.output.shardSizeLimit == 1_048_576)
        #expect(config.output.tokenDType == .uint16)
        #expect(config.output.textColumns)
        #expect(config.output.hashes == [.sha1, .xxh64])
        #expect(config.run == RunSettings(batchSize: 64, workers: 2, channelCapacity: 8))
    }

    @Test func openAIDefaults() throws {
        let config = try load("anli-round.yaml")
        #expect(config.dataset.round == 2)
        #expect(config.dataset.splits == ["test", "valid"])
        #expect(config.tokenizer.path.path == resolved("spiece.model"))
        let o = try #require(config.teacher.backend(OpenAITeacherOptions.self))
        #expect(o == OpenAITeacherOptions(baseURL: try #require(URL(string: "https://api.example.invalid/v1")), model: "some-model"))
        #expect(o.api == .completions)
        #expect(o.apiKeyEnv == nil)
        #expect(o.batchSize == 20)
        #expect(o.concurrency == 4)
        #expect(o.maxTokens == 256)
        #expect(o.temperature == 0)
        #expect(o.stop == ["\n\nQ:"])
        #expect(o.seed == nil)
        #expect(o.timeoutSeconds == 120)
        #expect(o.maxRetries == 6)
        #expect(config.parse == ParseOptions())
        #expect(config.run == RunSettings())
    }

    @Test func humanTeacherNeedsNoPrompt() throws {
        let config = try load("human-esnli.yaml")
        #expect(config.teacher.kind == "human")
        #expect(config.prompt == PromptOptions())
        #expect(config.prompt.exemplars == nil)
        #expect(config.dataset.format == .referenceJSONL)
        #expect(config.dataset.splits == ["train", "valid", "test"])
        #expect(config.dataset.onBadRecord == .skip)
        #expect(config.dataset.limit == 1000)
        #expect(config.output.compression == .none)
        #expect(config.output.compression.indexName == nil)
    }

    @Test func augmentSources() throws {
        let config = try load("svamp-asdiv.yaml")
        let augment = config.dataset.augment
        #expect(augment.map(\.descriptor.name) == ["asdiv", "svamp"])
        #expect((augment[0].descriptor as? ASDivDataset)?.format == .official)
        #expect(augment[0].source == ConfigPath("../data/asdiv/ASDiv.xml", relativeTo: directory))
        #expect(augment[0].splits == ["train"])
        #expect((augment[1].descriptor as? SVAMPDataset)?.format == .referenceJSONL)
        #expect(augment[1].source == ConfigPath("../data/svamp-extra", relativeTo: directory))
        #expect(augment[1].splits == ["train", "test"])
        #expect(config.teacher.cache?.path == resolved("shared-cache.sqlite"))
    }

    @Test func cqaExplanationsDefaultToTheSource() throws {
        let yaml = """
            name: cqa
            dataset: {name: cqa, source: corpora/cqa.zip}
            teacher: {kind: human}
            tokenizer: {path: t.model}
            output: {dir: out}
            """
        let base = URL(fileURLWithPath: "/srv/pipelines")
        let config = try PipelineConfig.decode(yaml: yaml, file: "inline.yaml", baseDirectory: base)
        #expect(config.dataset.explanations?.path == "/srv/pipelines/corpora/cqa.zip")
        #expect(config.dataset.explanations == config.dataset.source)
    }

    @Test func yamlSpellingsOfValues() throws {
        // YAML 1.1 plain scalars, as PyYAML reads them: 4.0 is an integer for JSON
        // Schema too, 1_000 is 1000, quoted numbers are strings.
        let yaml = """
            name: "123"
            dataset: {name: svamp, source: data, limit: 1_000}
            teacher: {kind: human}
            tokenizer: {path: t.model, max_input_tokens: 512.0}
            output: {dir: out, text_columns: yes}
            """
        let config = try PipelineConfig.decode(yaml: yaml, file: "inline.yaml", baseDirectory: URL(fileURLWithPath: "/p"))
        #expect(config.name == "123")
        #expect(config.dataset.limit == 1000)
        #expect(config.tokenizer.maxInputTokens == 512)
        #expect(config.output.textColumns)
    }
}

/// The settings these tests read, whichever paper dataset the descriptor is.
extension DatasetOptions {
    var format: SourceFormat? {
        (descriptor as? ESNLIDataset)?.format ?? (descriptor as? ANLIDataset)?.format ?? (descriptor as? CQADataset)?.format
            ?? (descriptor as? SVAMPDataset)?.format ?? (descriptor as? ASDivDataset)?.format
    }
    var round: Int? { (descriptor as? ANLIDataset)?.round }
    var explanations: ConfigPath? { (descriptor as? CQADataset)?.explanations }
    var sample: SampleOptions { load.sample }
    var onBadRecord: BadRecordPolicy { load.onBadRecord }
    var limit: Int? { load.limit }
}
