/// Errors of a pipeline run that are not about one stage's record.
public enum PipelineError: Error, CustomStringConvertible, Sendable {
    /// The output directory holds a run of a different configuration.
    case configurationChanged(outputDir: String, changes: [String])
    case damagedRunRecord(path: String, detail: String)
    case io(path: String, detail: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .configurationChanged(let dir, let changes):
            return """
                \(dir) holds a run of a different configuration (changed: \(changes.joined(separator: ", "))).
                Rerun with --fresh to start over there, or choose another --out directory.
                """
        case .damagedRunRecord(let path, let detail):
            return "\(path): the run record is damaged (\(detail)); rerun with --fresh to start over"
        case .io(let path, let detail):
            return "\(path): \(detail)"
        case .invalidOption(let message):
            return message
        }
    }

    /// Whether this error is the user's configuration or arguments (exit code 2).
    public var isUsageError: Bool {
        switch self {
        case .configurationChanged, .invalidOption: return true
        case .damagedRunRecord, .io: return false
        }
    }
}
