/// Why a tokenizer file could not be loaded. The description names the file and the problem,
/// e.g. `tokenizers/x.model: truncated protobuf (field 1 at byte 812 runs past the end)`.
public struct TokenizerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The broad class of the failure, for callers that map errors to exit codes.
    public enum Kind: Sendable, Equatable {
        /// The file could not be read at all.
        case unreadable
        /// The content is neither a SentencePiece model nor a tokenizer.json.
        case unrecognizedFormat
        /// A recognised file whose model is not unigram (BPE, WordPiece, word, char).
        case unsupportedModel
        /// A recognised format whose content is truncated or inconsistent.
        case corrupt
        /// A tokenizer.json component (normalizer, pre-tokenizer, ...) this encoder does not implement.
        case unsupportedComponent
    }

    public let kind: Kind
    /// The path of the offending file.
    public let file: String
    /// What is wrong, in words.
    public let problem: String

    public init(_ kind: Kind, file: String, _ problem: String) {
        self.kind = kind
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
