import Foundation
import Synchronization
import Testing

@testable import StepwiseTeacher

struct LimitsTests {
    @Test("requests per minute space requests out")
    func requestRate() async throws {
        let limiter = RateLimiter(requestsPerMinute: 1200, tokensPerMinute: nil)  // one per 50 ms
        let start = ContinuousClock.now
        for _ in 0..<6 { try await limiter.acquire(tokens: 1) }
        #expect(ContinuousClock.now - start >= .milliseconds(250))
    }

    @Test("tokens per minute charge each request its estimate")
    func tokenRate() async throws {
        let limiter = RateLimiter(requestsPerMinute: nil, tokensPerMinute: 60_000)  // 1,000 tokens per second
        let start = ContinuousClock.now
        for _ in 0..<3 { try await limiter.acquire(tokens: 100) }
        #expect(ContinuousClock.now - start >= .milliseconds(200))
        #expect(RateLimiter(requestsPerMinute: nil, tokensPerMinute: nil).isUnlimited)
    }

    @Test("the concurrency limiter never lets more than its limit in")
    func concurrency() async {
        let limiter = ConcurrencyLimiter(limit: 3)
        let state = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await limiter.withSlot {
                        state.value.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
                        try? await Task.sleep(nanoseconds: 5_000_000)
                        state.value.withLock { $0.now -= 1 }
                    }
                }
            }
        }
        #expect(state.value.withLock { $0.peak } <= 3)
        #expect(state.value.withLock { $0.peak } >= 2)
    }

    @Test("Retry-After: seconds or an HTTP date; backoff doubles up to its cap, with jitter")
    func retryAfter() {
        #expect(RetryPolicy.retryAfter("2") == 2)
        #expect(RetryPolicy.retryAfter(" 0.5 ") == 0.5)
        #expect(RetryPolicy.retryAfter("soon") == nil)
        #expect(RetryPolicy.retryAfter(nil) == nil)
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryPolicy.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == 10)
        let policy = RetryPolicy(baseSeconds: 1, maxSeconds: 5)
        for retry in 1...6 {
            let d = policy.backoff(retry: retry)
            let full = min(5, pow(2, Double(retry - 1)))
            #expect(d >= full * 0.5 && d <= full)
        }
        #expect(policy.delay(retry: 1, retryAfter: 3) == 3)
    }
}

/// Requests inside the limiter now, and the most there ever were.
final class Gauge: Sendable {
    let value = Mutex((now: 0, peak: 0))
}
