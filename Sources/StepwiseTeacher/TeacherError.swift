/// Errors that stop a teacher (as opposed to a failed record, which is marked
/// `teacher_failed` and retried on the next run). Messages never contain the API key.
public enum TeacherError: Error, Sendable, CustomStringConvertible, Equatable {
    case invalidOptions(String)
    /// The environment variable named by `api_key_env` is unset or empty.
    case missingAPIKey(variable: String)
    /// The server refused a request in a way retrying cannot fix (4xx other than 408/409/429).
    case requestRejected(status: Int, url: String, message: String)
    case cache(path: String, message: String)
    case recordings(path: String, message: String)
    case importFailed(file: String, line: Int?, message: String)
    /// More records than `teacher.max_failures` got no completion after every retry.
    case tooManyFailures(failed: Int, allowed: Int, recordID: String, cause: String)
    /// The next request could take the spend past `teacher.max_cost`.
    case budgetReached(spent: Double, budget: Double)

    /// The pipeline's settings or environment are wrong (exit 2), as opposed to a teacher
    /// that failed while running (exit 1).
    public var isConfigurationError: Bool {
        switch self {
        case .invalidOptions, .missingAPIKey: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidOptions(let m): return "teacher: \(m)"
        case .missingAPIKey(let v): return "teacher: the environment variable \(v) (api_key_env) is not set"
        case .requestRejected(let status, let url, let message):
            return "teacher: \(url) answered HTTP \(status): \(message)"
        case .cache(let path, let m): return "completion cache \(path): \(m)"
        case .recordings(let path, let m): return "recordings \(path): \(m)"
        case .tooManyFailures(let failed, let allowed, let id, let cause):
            let records = failed == 1 ? "1 record" : "\(failed) records"
            return "teacher: no completion for \(records) (teacher.max_failures is \(allowed)); record '\(id)': \(cause). "
                + "Nothing answered is lost: rerun the same command to ask again for the records left pending."
        case .budgetReached(let spent, let budget):
            return "teacher: stopped before passing teacher.max_cost \(Self.money(budget)): spent \(Self.money(spent)) so far. "
                + "Every answer received is kept: raise max_cost and rerun the same command to go on."
        case .importFailed(let file, let line, let m):
            if let line { return "\(file):\(line): \(m)" }
            return "\(file): \(m)"
        }
    }
}

extension TeacherError {
    /// An amount in the price's currency, to 4 decimals.
    static func money(_ amount: Double) -> String { String(format: "%.4f", amount) }
}

/// Replaces every occurrence of `secret` in `text` (used on every message that may echo
/// a request, so a server that reflects headers cannot leak the key into logs).
func redact(_ text: String, secret: String?) -> String {
    guard let secret, secret.count >= 4, text.contains(secret) else { return text }
    return text.replacingOccurrences(of: secret, with: "[redacted]")
}
