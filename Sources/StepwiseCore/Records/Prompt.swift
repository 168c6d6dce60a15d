/// What is sent to a teacher for one record: a completion prompt or a chat conversation.
public enum Prompt: Sendable, Hashable {
    case text(String)
    case chat([ChatMessage])

    /// The prompt as JSON: a string, or a list of `{role, content}` messages.
    public var jsonValue: JSONValue {
        switch self {
        case .text(let s): return .string(s)
        case .chat(let messages):
            return .array(messages.map { .object([("role", .string($0.role)), ("content", .string($0.content))]) })
        }
    }
}

/// One message of a chat conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    public var role: String
    public var content: String
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A record with the prompt that asks the teacher for its rationale and label.
public struct PromptedRecord: Sendable, Hashable {
    public var source: SourceRecord
    public var prompt: Prompt
    public init(source: SourceRecord, prompt: Prompt) {
        self.source = source
        self.prompt = prompt
    }
}

extension PromptedRecord: JSONRecord {
    public var sourceIndex: Int? { source.position }
    public var recordID: String { source.id }
    public func jsonFields() -> [(String, JSONValue)] {
        source.jsonFields() + [("prompt", prompt.jsonValue)]
    }
}
