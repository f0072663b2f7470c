/// Stops calling a failing DynamoDB for a while: after `threshold` consecutive retryable failures the
/// breaker opens and calls fail fast; after the cool-down one probe call goes through and decides
/// (success closes the breaker, failure opens it again).
package final class CircuitBreaker {
    public enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(until: Int64)
        /// The cool-down is over and a probe call is under way.
        case halfOpen
    }

    public private(set) var state: State = .closed(consecutiveFailures: 0)
    public let threshold: Int
    public let coolDownMilliseconds: Int64

    public init(threshold: Int, coolDownMilliseconds: Int64) {
        self.threshold = max(1, threshold)
        self.coolDownMilliseconds = coolDownMilliseconds
    }

    /// Whether a call may go out now; an expired open state turns half-open (this call is the probe).
    public func allowsRequest(now: Int64) -> Bool {
        switch state {
        case .closed, .halfOpen:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    public var isOpen: Bool {
        if case .open = state { return true }
        return false
    }

    public func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    public func recordFailure(now: Int64) {
        switch state {
        case .closed(let failures) where failures + 1 < threshold:
            state = .closed(consecutiveFailures: failures + 1)
        case .closed, .halfOpen, .open:
            state = .open(until: now + coolDownMilliseconds)
        }
    }
}
