import StepwiseCore

/// The options of one section of a pipeline file (`parse:`, `prompt:`, `output:` …), owned by
/// the stage that uses them: the type lists its keys, fills in its defaults and decodes and
/// validates itself from a ``ConfigSection``, so each fact about a key is written once.
///
/// `canonical` is the effective value of every key that applies, defaults filled in: the
/// run's fingerprint is built from it, and a test checks that every key of
/// `Schemas/pipeline.schema.json` changes both the fingerprint and the options.
public protocol PipelineSection: Sendable, Hashable {
    /// The keys the section may have, in documentation order.
    static var keys: [String] { get }
    /// The effective settings as JSON (keys in any order; the pipeline sorts them).
    var canonical: JSONValue { get }
}
