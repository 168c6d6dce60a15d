/// How a prompt is laid out for the teacher.
public enum PromptStyle: String, Sendable, Hashable, Codable, CaseIterable {
    /// One text ending with an open answer prefix, for `/v1/completions`.
    case completion
    /// A list of messages, for `/v1/chat/completions`.
    case chat
}
