import Foundation
import Testing

/// `stepwise validate` accepts every pipeline file the repository ships.
@Suite struct ValidateCommandTests {
    static func shippedPipelines() throws -> [String] {
        let dir = repositoryRoot.appendingPathComponent("Pipelines")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { "Pipelines/\($0)" }
    }

    @Test func everyShippedPipelineIsValid() throws {
        let files = try Self.shippedPipelines()
        #expect(files.contains("Pipelines/quickstart.yaml"))
        // Most name corpora outside the repository: check the files alone.
        let result = try stepwise(["validate", "--no-inputs"] + files, in: repositoryRoot)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        for file in files {
            #expect(result.stdout.contains("\(file): ok ("), "no ok line for \(file): \(result)")
        }
        #expect(result.stdout.contains("Pipelines/quickstart.yaml: ok (quickstart: esnli, teacher replay)"))

        let quiet = try stepwise(["validate", "--quiet", "--no-inputs"] + files, in: repositoryRoot)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet)")
        // The quickstart's inputs are all in the repository.
        let inputs = try stepwise(["validate", "Pipelines/quickstart.yaml"], in: repositoryRoot)
        #expect(inputs.status == 0, "\(inputs)")
    }

    @Test func missingInputsAreNamedByKey() throws {
        let scratch = try ScratchDirectory("validate-inputs")
        defer { scratch.remove() }
        try scratch.write("good.yaml", esnliPipeline())
        #expect(try stepwise(["validate", "good.yaml"], in: scratch.url).status == 0)
        try scratch.write("bad.yaml", esnliPipeline(source: "/nonexistent/esnli"))
        let result = try stepwise(["validate", "bad.yaml"], in: scratch.url)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("bad.yaml: dataset.source: no such file or directory: /nonexistent/esnli"), "\(result)")
        #expect(try stepwise(["validate", "--no-inputs", "bad.yaml"], in: scratch.url).status == 0)
    }

    @Test func aBrokenExemplarFileOrTokenizerIsNamed() throws {
        let scratch = try ScratchDirectory("validate-files")
        defer { scratch.remove() }
        try scratch.write("prompts.yaml", "dataset: esnli\nquestion: \"{nope}\"\n")
        try scratch.write("model.bin", "not a model")
        let root = repositoryRoot.path
        let text = esnliPipeline()
            .replacingOccurrences(of: root + "/Pipelines/prompts/esnli.yaml", with: scratch.path("prompts.yaml").path)
            .replacingOccurrences(of: root + "/data/tokenizer/sample.model", with: scratch.path("model.bin").path)
        try scratch.write("p.yaml", text)
        let result = try stepwise(["validate", "p.yaml"], in: scratch.url)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("p.yaml: prompt.exemplars: "), "\(result)")
        #expect(result.stderr.contains("p.yaml: tokenizer.path: "), "\(result)")
    }

    @Test func oneBadFileAmongGoodOnesFailsAndIsNamed() throws {
        let scratch = try ScratchDirectory("validate-mixed")
        defer { scratch.remove() }
        try scratch.write("good.yaml", esnliPipeline())
        try scratch.write("bad.yaml", esnliPipeline().replacingOccurrences(of: "style: completion", with: "style: sonnet"))
        let result = try stepwise(["validate", "good.yaml", "bad.yaml"], in: scratch.url)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.contains("good.yaml: ok (cli-test: esnli, teacher replay)"), "\(result)")
        #expect(result.stderr.contains("bad.yaml: prompt.style:"), "\(result)")
        #expect(!result.stderr.contains("good.yaml"), "\(result)")
    }
}
