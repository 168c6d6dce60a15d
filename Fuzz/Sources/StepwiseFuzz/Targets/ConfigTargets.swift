import Foundation
import StepwiseConfig
import StepwisePipeline
import StepwisePrompting

/// Where relative paths in a fuzzed pipeline resolve: the repository's Pipelines/, so the
/// seeds' exemplar files and samples exist.
private let pipelinesDirectory = repositoryRoot.appendingPathComponent("Pipelines")

/// A pipeline file of any text: a config, or a `ConfigError` listing problems with lines.
let pipelineYAMLTarget = FuzzTarget(name: "pipeline-yaml", summary: "PipelineConfig.decode on any text") { data in
    let yaml = String(decoding: data, as: UTF8.self)
    do throws(ConfigError) {
        let config = try PipelineConfig.decode(yaml: yaml, file: "fuzz.yaml", baseDirectory: pipelinesDirectory)
        _ = config.canonicalValue.jsonText()
    } catch {
        if "\(error)".isEmpty { violated("pipeline-yaml", "a ConfigError without a message") }
    }
}

/// An exemplar file of any bytes: exemplars, or an `ExemplarFileError` naming the file.
let exemplarsTarget = FuzzTarget(name: "exemplars", summary: "ExemplarFile.load on any bytes") { data in
    let file = freshScratch().appendingPathComponent("exemplars.yaml")
    write(data, to: file)
    do throws(ExemplarFileError) {
        _ = try ExemplarFile.load(file)
    } catch {
        if !"\(error)".contains("exemplars.yaml") { violated("exemplars", "an error that does not name the file: \(error)") }
    }
}
