import Foundation
import StepwiseCore

@testable import StepwiseTeacher

/// The teachers the tests build directly, with the settings a test gives.
enum TestTeacher {
    case openai(OpenAITeacherOptions)
    case replay(recordings: URL)
    case human
}

extension TeacherStage {
    /// A stage for `kind`, outside a pipeline: the cache only where given; failed records
    /// pass on unless `maxFailures` says otherwise.
    init(
        kind: TestTeacher, cache: CompletionCache?, environment: [String: String] = ProcessInfo.processInfo.environment,
        maxFailures: Int = .max, samples: Int = 1, spentBefore: Double = 0
    ) throws {
        switch kind {
        case .openai(let options):
            self.init(
                backend: try OpenAITeacher(
                    options: options, cache: cache, environment: environment, samples: samples, spentBefore: spentBefore),
                maxFailures: maxFailures)
        case .replay(let recordings):
            self.init(backend: ReplayTeacher(store: try RecordingStore(path: recordings), samples: samples))
        case .human:
            self.init(backend: HumanTeacher(answer: { "\($0.explanation ?? "") The answer is \($0.label)." }))
        }
    }
}
