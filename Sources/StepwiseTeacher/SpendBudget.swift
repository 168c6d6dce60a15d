import StepwiseCore
import Synchronization

/// `teacher.max_cost`: the spend the output may reach. Each request reserves what it could
/// cost at most (its prompts' estimated tokens and `max_tokens` per choice) before it is
/// sent; a request whose reservation would pass the limit is not sent, and from then on
/// none is. The spend counts the cost recorded in `run.json` when the run started plus
/// every response since.
final class SpendBudget: Sendable {
    let limit: Double
    let price: TokenPrice
    private struct State {
        var spent: Double
        var reserved = 0.0
        var inFlight = 0
        var exhausted = false
    }
    private let state: Mutex<State>

    init(limit: Double, spentBefore: Double, price: TokenPrice) {
        self.limit = limit
        self.price = price
        state = Mutex(State(spent: spentBefore))
    }

    /// Reserves `amount` for a request; `false` (and exhausted from now on) when it could
    /// pass the limit.
    func reserve(_ amount: Double) -> Bool {
        state.withLock { s in
            if s.exhausted || s.spent + s.reserved + amount > limit {
                s.exhausted = true
                return false
            }
            s.reserved += amount
            s.inFlight += 1
            return true
        }
    }

    /// Releases a reservation and adds what the response cost (`nil`: nothing came back).
    func settle(_ amount: Double, usage: TokenUsage?) {
        state.withLock { s in
            s.reserved -= amount
            s.inFlight -= 1
            if let usage { s.spent += price.cost(of: usage) }
        }
    }

    var isExhausted: Bool { state.withLock { $0.exhausted } }
    /// The spend so far, earlier sessions included.
    var spent: Double { state.withLock { $0.spent } }

    /// Waits until no reserved request is in flight (their answers are stored).
    func waitUntilSettled() async {
        while state.withLock({ $0.inFlight }) > 0 {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }
}
