/// Runs one call's attempts: retryable failures (throttling, 5xx, lost connections) are retried with
/// exponential backoff and full jitter, up to `maxAttempts`, never past the deadline, and through the
/// circuit breaker. Anything else is returned at once.
package final class RetryExecutor {
    public let policy: RetryPolicy
    public let breaker: CircuitBreaker
    private let environment: ResilienceEnvironment
    /// Attempts the last call made (0 when it failed fast).
    public private(set) var lastAttemptCount = 0

    public init(policy: RetryPolicy, environment: ResilienceEnvironment = .system) {
        self.policy = policy
        self.environment = environment
        self.breaker = CircuitBreaker(threshold: policy.breakerFailureThreshold, coolDownMilliseconds: policy.breakerCoolDownMilliseconds)
    }

    /// `attempt` receives the attempt's time-out in milliseconds, set from the time left before `deadline`.
    public func run<Result>(
        deadline: Int64?, _ attempt: (_ timeoutMilliseconds: Int) throws(DynamoDBError) -> Result
    ) throws(DynamoDBError) -> Result {
        lastAttemptCount = 0
        guard breaker.allowsRequest(now: environment.now()) else { throw .circuitOpen }
        while true {
            var timeout = policy.attemptTimeoutMilliseconds
            if let deadline {
                let remaining = deadline - environment.now()
                guard remaining >= policy.minimumAttemptMilliseconds else { throw .deadlineExceeded }
                timeout = min(timeout, remaining)
            }
            lastAttemptCount += 1
            do {
                let result = try attempt(Int(timeout))
                breaker.recordSuccess()
                return result
            } catch {
                try handleFailure(error, deadline: deadline)
            }
        }
    }

    /// Returns when another attempt should be made (after sleeping); throws otherwise.
    private func handleFailure(_ error: DynamoDBError, deadline: Int64?) throws(DynamoDBError) {
        guard error.isRetryable else {
            // The service answered, so it is up; a refused certificate says nothing about it.
            if case .transport = error {} else { breaker.recordSuccess() }
            throw error
        }
        let now = environment.now()
        breaker.recordFailure(now: now)
        if case .transport(let transportError) = error, transportError.kind == .timedOut, let deadline,
            deadline - now < policy.minimumAttemptMilliseconds
        {
            throw .deadlineExceeded
        }
        // The call that trips the breaker reports what went wrong; the calls after it fail fast.
        if breaker.isOpen || lastAttemptCount >= policy.maxAttempts { throw error }
        let delay = environment.random(policy.backoffCeiling(retry: lastAttemptCount))
        if let deadline, now + delay + policy.minimumAttemptMilliseconds > deadline { throw .deadlineExceeded }
        environment.sleep(delay)
    }
}
