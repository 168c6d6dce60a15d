import StepwiseCore

/// What reaches the end of a pipeline: a training example for the shards, or a record the
/// parse stage filtered (kept in the stream so the sink can commit it in order with its
/// reason — this is what makes resume exact).
public enum FinalItem: Sendable, Hashable {
    case example(TokenizedExample)
    case filtered(ParsedRecord)

    public var parsed: ParsedRecord {
        switch self {
        case .example(let e): return e.parsed
        case .filtered(let p): return p
        }
    }
}

extension FinalItem: JSONRecord {
    public var recordID: String { parsed.source.id }
    public var sourceIndex: Int? { parsed.source.position }
    public func jsonFields() -> [(String, JSONValue)] {
        switch self {
        case .example(let e): return e.jsonFields()
        case .filtered(let p): return p.jsonFields()
        }
    }
}
