import Foundation
import Synchronization

/// Spaces requests out to stay under `requests_per_minute` and `tokens_per_minute`.
///
/// Each request reserves the earliest start time at which both budgets allow it: the
/// request budget advances by `60 / rpm` seconds per request, the token budget by
/// `tokens · 60 / tpm`. Reservations are made under a lock and the wait happens outside
/// it, so concurrent requests line up in reservation order without holding each other.
final class RateLimiter: Sendable {
    private struct State {
        var nextRequest: Double = 0
        var nextToken: Double = 0
    }
    let requestsPerMinute: Int?
    let tokensPerMinute: Int?
    private let state = Mutex(State())

    init(requestsPerMinute: Int?, tokensPerMinute: Int?) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }

    var isUnlimited: Bool { requestsPerMinute == nil && tokensPerMinute == nil }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Waits until a request of `tokens` estimated tokens may start.
    func acquire(tokens: Int) async throws {
        guard !isUnlimited else { return }
        let now = Self.now()
        let start = state.withLock { s -> Double in
            var at = now
            if requestsPerMinute != nil { at = max(at, s.nextRequest) }
            if tokensPerMinute != nil { at = max(at, s.nextToken) }
            if let rpm = requestsPerMinute { s.nextRequest = at + 60 / Double(rpm) }
            if let tpm = tokensPerMinute { s.nextToken = at + Double(tokens) * 60 / Double(tpm) }
            return at
        }
        let wait = start - now
        if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
    }
}
