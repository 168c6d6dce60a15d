import Foundation

/// Delays between attempts: exponential backoff with jitter, or the server's
/// `Retry-After` when it sent one.
struct RetryPolicy: Sendable {
    var baseSeconds: Double
    var maxSeconds: Double
    /// The longest `Retry-After` honoured as given; longer values are capped here.
    var maxRetryAfterSeconds: Double = 600

    /// The delay before retry number `retry` (1 for the first retry): `base · 2^(retry-1)`,
    /// capped at `maxSeconds`, then scaled by a random factor in [0.5, 1] so that many
    /// clients that failed together do not come back together.
    func backoff(retry: Int) -> Double {
        let exponent = Double(min(max(retry - 1, 0), 30))
        let delay = min(maxSeconds, baseSeconds * pow(2, exponent))
        return delay * Double.random(in: 0.5...1.0)
    }

    /// The delay to wait: the server's `Retry-After` if any, else the backoff.
    func delay(retry: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxRetryAfterSeconds) }
        return backoff(retry: retry)
    }

    /// Parses a `Retry-After` header: delay seconds (`"2"`, `"0.5"`) or an HTTP date.
    static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) { return max(0, date.timeIntervalSince(now)) }
        return nil
    }
}
