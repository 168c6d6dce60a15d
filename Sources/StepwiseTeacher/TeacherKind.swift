import Foundation

/// Which teacher answers the prompts (the pipeline file's `teacher.kind`).
public enum TeacherKind: Sendable, Hashable {
    /// A live OpenAI-compatible server.
    case openai(OpenAITeacherOptions)
    /// Recorded completions from a recordings file made by `stepwise teacher import`.
    case replay(recordings: URL)
    /// The dataset's own explanation and gold label, written like an exemplar's answer.
    case human
}
