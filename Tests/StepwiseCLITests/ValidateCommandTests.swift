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
        let result = try stepwise(["validate"] + files, in: repositoryRoot)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        for file in files {
            #expect(result.stdout.contains("\(file): ok ("), "no ok line for \(file): \(result)")
        }
        #expect(result.stdout.contains("Pipelines/quickstart.yaml: ok (quickstart: esnli, teacher replay)"))

        let quiet = try stepwise(["validate", "--quiet"] + files, in: repositoryRoot)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet)")
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
