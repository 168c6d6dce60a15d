/// What can stop `stepwise report` and `stepwise export`; each message names the file.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A line of `rejects.jsonl` is not JSON.
    case badRejectLine(path: String, line: Int)
    /// The run's tokenizer copy is missing and the shards have no text columns.
    case noTokenizer(path: String)

    public var description: String {
        switch self {
        case .badRejectLine(let path, let line): return "\(path):\(line): not a JSON object"
        case .noTokenizer(let path):
            return "\(path): no tokenizer model to decode the token columns (the run's copy is missing); give --tokenizer"
        }
    }
}
