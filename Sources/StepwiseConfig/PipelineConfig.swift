import Foundation
import StepwiseCore

/// A pipeline file, decoded and validated: everything one `stepwise run` needs.
///
/// Every field holds its *effective* value: defaults are filled in and relative paths are
/// resolved against the pipeline file's directory. Values that are only known at run time
/// stay `nil` (``RunConfig/workers``: the number of cores). The CLI may override fields
/// (`--out`, `--workers`, `--limit`) by mutating them; ``TeacherConfig/cacheURL(output:)``
/// follows an overridden output directory.
///
/// The YAML layout (top-level keys `name`, `dataset`, `prompt`, `teacher`, `parse`,
/// `tokenizer`, `output`, `run`) is a contract, described key by key in
/// `Schemas/pipeline.schema.json`.
public struct PipelineConfig: Sendable, Hashable {
    /// The pipeline's name (`name:`), used in logs and the run record.
    public var name: String
    /// Free text (`description:`).
    public var description: String?
    /// Where the records come from (`dataset:`).
    public var dataset: DatasetConfig
    /// How prompts are assembled (`prompt:`).
    public var prompt: PromptConfig
    /// Who writes rationales and labels (`teacher:`).
    public var teacher: TeacherConfig
    /// How completions become rationale + label (`parse:`).
    public var parse: ParseConfig
    /// The student's tokenizer (`tokenizer:`).
    public var tokenizer: TokenizerConfig
    /// Where and how shards are written (`output:`).
    public var output: OutputConfig
    /// Dataflow tuning (`run:`); changes speed, never results.
    public var run: RunConfig

    public init(
        name: String, description: String? = nil, dataset: DatasetConfig, prompt: PromptConfig,
        teacher: TeacherConfig, parse: ParseConfig = ParseConfig(), tokenizer: TokenizerConfig,
        output: OutputConfig, run: RunConfig = RunConfig()
    ) {
        self.name = name
        self.description = description
        self.dataset = dataset
        self.prompt = prompt
        self.teacher = teacher
        self.parse = parse
        self.tokenizer = tokenizer
        self.output = output
        self.run = run
    }

    /// The top-level keys a pipeline file may have, in documentation order.
    public static let topLevelKeys = [
        "name", "description", "dataset", "prompt", "teacher", "parse", "tokenizer", "output", "run",
    ]

    /// The keys each section may have (for help text, editors and the schema test).
    public static let sectionKeys: [String: [String]] = [
        "dataset": PipelineDecoder.datasetKeys,
        "dataset.sample": PipelineDecoder.sampleKeys,
        "dataset.augment[]": PipelineDecoder.augmentKeys,
        "prompt": PipelineDecoder.promptKeys,
        "teacher": PipelineDecoder.teacherKeys,
        "teacher.price_per_million_tokens": PipelineDecoder.priceKeys,
        "parse": PipelineDecoder.parseKeys,
        "tokenizer": PipelineDecoder.tokenizerKeys,
        "output": PipelineDecoder.outputKeys,
        "run": PipelineDecoder.runKeys,
    ]
}

extension PipelineConfig {
    /// Reads, decodes and validates the pipeline file at `url`.
    ///
    /// - Throws: ``ConfigError`` with every problem found, in file order; messages name
    ///   the file as `url` spells it (its relative path when it was made relative).
    public static func load(from url: URL) throws(ConfigError) -> PipelineConfig {
        let file = displayName(of: url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigError(file: file, issues: [
                ConfigIssue(file: file, keyPath: nil, line: nil, column: nil,
                            message: "cannot read the file: \(error.localizedDescription)")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, issues: [
                ConfigIssue(file: file, keyPath: nil, line: nil, column: nil,
                            message: "the file is not valid UTF-8 text")
            ])
        }
        return try decode(yaml: text, file: file, baseDirectory: url.deletingLastPathComponent())
    }

    /// Decodes pipeline YAML held in memory.
    ///
    /// - Parameters:
    ///   - file: the name used in messages.
    ///   - baseDirectory: the directory relative paths resolve against.
    public static func decode(yaml: String, file: String, baseDirectory: URL) throws(ConfigError) -> PipelineConfig {
        let reader = ConfigReader(file: file, baseDirectory: baseDirectory.standardizedFileURL)
        let config = reader.decodePipeline(yaml: yaml)
        let issues = reader.sortedIssues()
        if let config, issues.isEmpty { return config }
        throw ConfigError(file: file, issues: issues)
    }

    /// Validates several pipeline files, e.g. for `stepwise validate`: the errors of the
    /// files that have any, in the order the files were given; empty when all are valid.
    public static func validate(urls: [URL]) -> [ConfigError] {
        var errors: [ConfigError] = []
        for url in urls {
            do {
                _ = try load(from: url)
            } catch {
                errors.append(error)
            }
        }
        return errors
    }

    /// The name messages use for `url`: its relative path when the URL was built relative
    /// to a base (as `URL(fileURLWithPath: "Pipelines/x.yaml")` is), its path otherwise.
    static func displayName(of url: URL) -> String {
        url.baseURL != nil ? url.relativePath : url.path
    }
}
