import Foundation
import StepwiseConfig
import StepwiseCore

/// A teacher: answers prompted records with completions. The one protocol every backend
/// (`openai`, `replay`, `human`, and any new one) implements; ``TeacherStage`` runs it.
///
/// A backend may answer fewer records than it was given: every record it cannot answer at
/// all is dropped through `context` with a reason. A request that failed after its retries
/// gives a record with `completion == nil` and a `failure`.
public protocol TeacherBackend: Sendable {
    func answer(_ batch: [PromptedRecord], context: inout BatchContext) async throws -> [TeacherRecord]
    /// The settings the backend runs with, as JSON (what a test compares to prove that
    /// every pipeline key reaches it).
    var settings: JSONValue { get }
}

/// One kind of teacher as a pipeline file names it (`teacher.kind`): the keys it adds to
/// `teacher:`, what it needs from the rest of the pipeline, and the backend it builds.
/// A new backend is one file with a type conforming to this, plus its entry in
/// ``TeacherKinds/all`` and its keys in `Schemas/pipeline.schema.json`.
public protocol TeacherBackendOptions: Sendable {
    /// The `teacher.kind` value (`openai`).
    static var kind: String { get }
    /// The keys this kind adds to `teacher:`, in documentation order.
    static var keys: [String] { get }
    /// Decodes this kind's keys from `teacher:` (the common keys are read elsewhere).
    static func decode(_ section: ConfigSection) -> Self?

    /// The effective value of every key of this kind, for the fingerprint.
    var canonicalFields: [(String, JSONValue)] { get }
    /// Whether the teacher reads the rendered prompt. The others answer from the record
    /// alone, so a shard run does not render prompts for them.
    var sendsPrompt: Bool { get }
    /// Whether the pipeline must name an exemplar file (`prompt.exemplars`).
    static var needsExemplars: Bool { get }
    /// Whether chat prompts (`prompt.style: chat`) suit this teacher's settings; `nil`
    /// when they do, else the reason (reported at `prompt.style`).
    var chatProblem: String? { get }
    /// Where the rationale comes from: the completion, or the dataset's explanation.
    var rationaleSource: RationaleSource { get }
    /// Batches the teacher stage works on at once, given the CPU-bound stages' worker count
    /// and the records per batch (`run.batch_size`).
    func workers(parallelism: Int, recordsPerBatch: Int) -> Int
    /// The files the teacher reads, with their keys (for `stepwise validate`).
    var inputPaths: [(keyPath: String, path: ConfigPath)] { get }
    /// Builds the backend for a run.
    func makeBackend(_ context: TeacherContext) throws -> any TeacherBackend
    /// Equality with another kind's options (same kind, same settings).
    func isEqual(to other: any TeacherBackendOptions) -> Bool
}

extension TeacherBackendOptions where Self: Equatable {
    public func isEqual(to other: any TeacherBackendOptions) -> Bool {
        (other as? Self) == self
    }
}

extension TeacherBackendOptions {
    public var sendsPrompt: Bool { false }
    public static var needsExemplars: Bool { true }
    public var chatProblem: String? { nil }
    public var rationaleSource: RationaleSource { .completion }
    public func workers(parallelism: Int, recordsPerBatch: Int) -> Int { 2 }
    public var inputPaths: [(keyPath: String, path: ConfigPath)] { [] }
}

/// What a backend may use when it is built for a run.
public struct TeacherContext: Sendable {
    /// The completion cache (`teacher.cache`, default `OUT/teacher-cache.sqlite`).
    public var cacheURL: URL
    /// The run's output directory (where imported recordings are kept).
    public var outputDirectory: URL
    /// The pipeline's dataset (recordings by position are stored under its name).
    public var dataset: String
    /// Where `api_key_env` variables are looked up.
    public var environment: [String: String]
    /// How a record's explanation and gold label read as a completion (the human teacher).
    public var humanAnswer: @Sendable (SourceRecord) -> String
    /// Where a backend tells what `--verbose` shows: each retry and its cause.
    public var detail: @Sendable (String) -> Void
    /// `teacher.samples`: completions per record.
    public var samples: Int
    /// What the output's teacher has cost in earlier sessions (from the run record), for
    /// `teacher.max_cost`.
    public var spentBefore: Double

    public init(
        cacheURL: URL, outputDirectory: URL, dataset: String = "", environment: [String: String] = ProcessInfo.processInfo.environment,
        humanAnswer: @escaping @Sendable (SourceRecord) -> String = { $0.explanation ?? "" },
        detail: @escaping @Sendable (String) -> Void = { _ in }, samples: Int = 1, spentBefore: Double = 0
    ) {
        self.cacheURL = cacheURL
        self.outputDirectory = outputDirectory
        self.dataset = dataset
        self.environment = environment
        self.humanAnswer = humanAnswer
        self.detail = detail
        self.samples = samples
        self.spentBefore = spentBefore
    }
}

/// The teacher kinds a pipeline file may name, in documentation order.
public enum TeacherKinds {
    public static let all: [any TeacherBackendOptions.Type] = [
        OpenAITeacherOptions.self, ReplayTeacherOptions.self, HumanTeacherOptions.self,
    ]

    /// The kind named `name`.
    public static func named(_ name: String) -> (any TeacherBackendOptions.Type)? {
        all.first { $0.kind == name }
    }

    public static var names: [String] { all.map { $0.kind } }
}
