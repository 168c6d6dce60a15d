import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseDatasets
import StepwiseLoaders
import StepwisePrompting
import StepwiseRationales
import StepwiseTeacher

/// A pipeline file, decoded and validated: everything one `stepwise run` needs, as the
/// options of the stages that use it.
///
/// Each section is the options type of the stage that owns its keys (``DatasetOptions``,
/// ``PromptOptions``, ``TeacherOptions``, ``ParseOptions``, ``TokenizeOptions``,
/// ``StudentOptions``, ``OutputOptions``, ``RunSettings``): defaults are filled in there and relative paths are
/// resolved against the pipeline file's directory. The CLI may override fields (`--out`,
/// `--workers`, `--limit`) by mutating them.
///
/// The YAML layout (top-level keys `name`, `description`, `dataset`, `prompt`, `teacher`,
/// `parse`, `tokenizer`, `student`, `output`, `run`) is a contract, described key by key in
/// `Schemas/pipeline.schema.json`.
public struct PipelineConfig: Sendable, Hashable {
    /// The pipeline's name (`name:`), used in logs and the run record.
    public var name: String
    /// Free text (`description:`).
    public var description: String?
    public var dataset: DatasetOptions
    public var prompt: PromptOptions
    public var teacher: TeacherOptions
    public var parse: ParseOptions
    public var tokenizer: TokenizeOptions
    public var student: StudentOptions
    public var output: OutputOptions
    public var run: RunSettings

    public init(
        name: String, description: String? = nil, dataset: DatasetOptions, prompt: PromptOptions = PromptOptions(),
        teacher: TeacherOptions, parse: ParseOptions = ParseOptions(), tokenizer: TokenizeOptions,
        student: StudentOptions = StudentOptions(), output: OutputOptions, run: RunSettings = RunSettings()
    ) {
        self.name = name
        self.description = description
        self.dataset = dataset
        self.prompt = prompt
        self.teacher = teacher
        self.parse = parse
        self.tokenizer = tokenizer
        self.student = student
        self.output = output
        self.run = run
    }

    /// The top-level keys a pipeline file may have, in documentation order.
    public static let topLevelKeys = [
        "name", "description", "dataset", "prompt", "teacher", "parse", "tokenizer", "student", "output", "run",
    ]

    /// The keys each section may have (for help text, editors and the schema test).
    public static var sectionKeys: [String: [String]] {
        [
            "dataset": DatasetOptions.keys,
            "dataset.sample": SampleOptions.keys,
            "dataset.augment[]": DatasetOptions.augmentKeys,
            "prompt": PromptOptions.keys,
            "teacher": TeacherOptions.keys,
            "teacher.price": OpenAITeacherOptions.priceKeys,
            "teacher.price_per_million_tokens": OpenAITeacherOptions.legacyPriceKeys,
            "parse": ParseOptions.keys,
            "tokenizer": TokenizeOptions.keys,
            "student": StudentOptions.keys,
            "output": OutputOptions.keys,
            "run": RunSettings.keys,
        ]
    }
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
                ConfigIssue(file: file, keyPath: nil, line: nil, column: nil, message: "the file is not valid UTF-8 text")
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
        let reader = ConfigReader(
            file: file, baseDirectory: baseDirectory.standardizedFileURL, sectionKeys: sectionKeys, movedKeys: StudentOptions.movedKeys)
        var config: PipelineConfig?
        if let root = reader.compose(
            yaml, emptyMessage: "the file is empty; expected a mapping with name, dataset, teacher, tokenizer and output")
        {
            config = PipelineDecoder(reader: reader).decode(root: root)
        }
        let issues = reader.sortedIssues()
        if let config, issues.isEmpty { return config }
        throw ConfigError(file: file, issues: issues)
    }

    /// Validates several pipeline files: the errors of the files that have any, in the
    /// order the files were given; empty when all are valid.
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
