import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseDatasets
import StepwisePrompting
import StepwiseRationales
import StepwiseTeacher
import Yams

/// Decodes a pipeline file section by section, each through the options type of the stage
/// that owns it, and checks the rules that tie sections together (the prompt a teacher
/// kind needs, the splits a teacher is asked about).
///
/// Every rule has a counterpart in `Schemas/pipeline.schema.json`; the schema-agreement test
/// keeps the two in step.
struct PipelineDecoder {
    let reader: ConfigReader

    func decode(root: Node) -> PipelineConfig? {
        guard let top = ConfigSection(root, path: "", reader: reader, known: PipelineConfig.topLevelKeys) else {
            return nil
        }
        let name = top.string("name")
        if !top.has("name") { top.missing("name", expected: "the pipeline's name (a string)") }
        let description = top.string("description", nonEmpty: false)

        let dataset = required(top, "dataset", known: DatasetOptions.keys, expected: "a mapping with name, source …") {
            DatasetOptions.decode($0)
        }
        let teacher = required(top, "teacher", known: TeacherOptions.keys, expected: "a mapping with kind (\(TeacherKinds.names.joined(separator: ", "))) …") {
            TeacherOptions.decode($0, availableSplits: dataset?.splits)
        }
        let prompt = decodePrompt(top, teacher: teacher)
        let parseSection = top.has("parse") ? top.section("parse", known: ParseOptions.keys, nullIsEmpty: true) : nil
        let parse: ParseOptions? = top.has("parse") ? parseSection.flatMap(ParseOptions.decode) : ParseOptions()
        let tokenizer = required(top, "tokenizer", known: TokenizeOptions.keys, expected: "a mapping with path …") {
            TokenizeOptions.decode($0)
        }
        let student: StudentOptions? =
            top.has("student") ? top.section("student", known: StudentOptions.keys, nullIsEmpty: true).flatMap(StudentOptions.decode) : StudentOptions()
        let output = required(top, "output", known: OutputOptions.keys, expected: "a mapping with dir …") { OutputOptions.decode($0) }
        let run: RunSettings? =
            top.has("run") ? top.section("run", known: RunSettings.keys, nullIsEmpty: true).flatMap(RunSettings.decode) : RunSettings()

        // The task-only parse keys, against the dataset's name even when `dataset:` is wrong.
        var datasetName = dataset?.name
        if datasetName == nil, case .mapping(let m)? = top.node("dataset") { datasetName = m["name"].flatMap(ConfigReader.stringValue) }
        if let datasetName, DatasetKinds.builtin(named: datasetName) != nil, let section = parseSection {
            for key in ParseOptions.taskKeys {
                section.reject(key, "only for a task of your own; \(datasetName) is read with the paper's rules")
            }
            if ParseOptions.taskKeys.contains(where: section.has) { return nil }
        }
        guard let name, let dataset, let prompt, let teacher, let parse, let tokenizer, let student, let output, let run else {
            return nil
        }
        return PipelineConfig(
            name: name, description: description, dataset: dataset, prompt: prompt, teacher: teacher,
            parse: parse, tokenizer: tokenizer, student: student, output: output, run: run)
    }

    /// Opens a required section and decodes it, or reports it missing.
    private func required<T>(_ top: ConfigSection, _ key: String, known: [String], expected: String,
                             decode: (ConfigSection) -> T?) -> T? {
        guard top.has(key) else {
            top.missing(key, expected: expected)
            return nil
        }
        return top.section(key, known: known).flatMap(decode)
    }

    /// `prompt:`, whose rules depend on the teacher kind — taken from the raw `teacher:`
    /// mapping when `teacher:` itself is invalid, so the prompt's rules are still checked.
    private func decodePrompt(_ top: ConfigSection, teacher: TeacherOptions?) -> PromptOptions? {
        var kindName = teacher?.kind
        var chatProblem = teacher?.backend.chatProblem
        if teacher == nil, case .mapping(let m)? = top.node("teacher"), let k = m["kind"].flatMap(ConfigReader.stringValue) {
            kindName = k
            let api = m["api"].flatMap(ConfigReader.stringValue) ?? TeacherAPI.completions.rawValue
            if k == OpenAITeacherOptions.kind, api == TeacherAPI.completions.rawValue {
                chatProblem = "chat prompts need teacher.api: chat (/v1/completions takes text prompts)"
            }
        }
        let needsExemplars = kindName.flatMap { TeacherKinds.named($0) }?.needsExemplars ?? false
        let condition = needsExemplars ? "with teacher kind \(kindName ?? "")" : nil
        guard top.has("prompt") else {
            if let condition {
                top.missing("prompt", expected: "a mapping with exemplars (the few-shot exemplar file)", condition: condition)
                return nil
            }
            return PromptOptions()
        }
        guard let s = top.section("prompt", known: PromptOptions.keys, nullIsEmpty: true) else { return nil }
        return PromptOptions.decode(s, exemplarsRequired: condition, chatProblem: chatProblem)
    }
}
