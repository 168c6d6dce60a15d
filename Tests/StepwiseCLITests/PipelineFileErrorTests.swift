import Foundation
import Testing

/// An invalid pipeline file is a configuration error (exit 2) for both `validate` and
/// `run`; the message names the file, the key path and what was expected.
@Suite struct PipelineFileErrorTests {
    /// Writes `yaml` as `name` in a scratch directory, then checks that `validate` and
    /// `run` both exit 2 and print every expected line (file-relative, as given).
    private func expectRejected(
        _ yaml: String, name: String = "bad.yaml", messages: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let scratch = try ScratchDirectory("bad-pipeline")
        defer { scratch.remove() }
        try scratch.write(name, yaml)
        for arguments in [["validate", name], ["run", name, "--quiet"]] {
            let result = try stepwise(arguments, in: scratch.url)
            #expect(result.status == 2, "stepwise \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
            for message in messages {
                #expect(result.stderr.contains(message), "stepwise \(arguments.joined(separator: " ")): \(result)",
                        sourceLocation: sourceLocation)
            }
            #expect(!FileManager.default.fileExists(atPath: scratch.path("out").path), sourceLocation: sourceLocation)
        }
    }

    @Test func wrongValueTypeNamesFileKeyPathAndExpectation() throws {
        let root = repositoryRoot.path
        try expectRejected(
            """
            name: bad-concurrency
            dataset: {name: esnli, format: official, source: \(root)/data/esnli, splits: [train]}
            prompt: {exemplars: \(root)/Pipelines/prompts/esnli.yaml, style: completion}
            teacher: {kind: openai, model: some-model, base_url: "http://127.0.0.1:9/v1", concurrency: four}
            tokenizer: {path: \(root)/data/tokenizer/sample.model}
            output: {dir: out}
            """,
            messages: [#"bad.yaml: teacher.concurrency: expected a positive integer, got "four""#])
    }

    @Test func unknownKeyGetsADidYouMean() throws {
        try expectRejected(
            esnliPipeline().replacingOccurrences(of: "parse: {mode: robust}", with: "parse: {mdoe: robust}"),
            messages: ["bad.yaml: parse.mdoe: unknown key (did you mean mode?)"])
    }

    @Test func unknownTopLevelKeyAndBadEnumAreBothReported() throws {
        try expectRejected(
            esnliPipeline().replacingOccurrences(of: "name: esnli", with: "name: esnl")
                + "\ntokeniser: {path: x}\n",
            messages: [
                "bad.yaml: dataset.fields: required for dataset esnl, which is not built in (esnli, anli, cqa, svamp, asdiv); expected a mapping with input and label (fields of your records, or templates), and dataset.labels; or did you mean the built-in dataset esnli?",
                "bad.yaml: tokeniser: unknown key (did you mean tokenizer?)",
            ])
    }

    @Test func yamlSyntaxErrorNamesFileLineAndColumn() throws {
        try expectRejected("name: [unclosed\n  bad: :\n", messages: ["bad.yaml:2:6: YAML syntax error"])
    }

    @Test func missingFileIsAConfigurationError() throws {
        let scratch = try ScratchDirectory("missing-pipeline")
        defer { scratch.remove() }
        for arguments in [["validate", "nowhere.yaml"], ["run", "nowhere.yaml"]] {
            let result = try stepwise(arguments, in: scratch.url)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("nowhere.yaml: cannot read the file"), "\(result)")
        }
    }
}
