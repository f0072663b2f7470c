/// How hard a call tries: bounded attempts, exponential backoff with full jitter, and a circuit breaker.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per call, the first included (1 = no retries).
    public var maxAttempts: Int
    /// Backoff before retry n (1-based) is uniform in 0...min(maxDelay, baseDelay × 2^(n-1)).
    public var baseDelayMilliseconds: Int64
    public var maxDelayMilliseconds: Int64
    /// Per-attempt transfer limit when the deadline is further away than this (or there is none).
    public var attemptTimeoutMilliseconds: Int64
    /// An attempt is not started with less time than this left before the deadline: it could not finish.
    public var minimumAttemptMilliseconds: Int64
    /// Consecutive retryable failures that open the breaker.
    public var breakerFailureThreshold: Int
    /// How long the open breaker fails calls fast before letting one probe through.
    public var breakerCoolDownMilliseconds: Int64

    public init(
        maxAttempts: Int = 4, baseDelayMilliseconds: Int64 = 25, maxDelayMilliseconds: Int64 = 1000,
        attemptTimeoutMilliseconds: Int64 = 5000, minimumAttemptMilliseconds: Int64 = 20,
        breakerFailureThreshold: Int = 5, breakerCoolDownMilliseconds: Int64 = 5000
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelayMilliseconds = max(0, baseDelayMilliseconds)
        self.maxDelayMilliseconds = max(0, maxDelayMilliseconds)
        self.attemptTimeoutMilliseconds = max(1, attemptTimeoutMilliseconds)
        self.minimumAttemptMilliseconds = max(1, minimumAttemptMilliseconds)
        self.breakerFailureThreshold = max(1, breakerFailureThreshold)
        self.breakerCoolDownMilliseconds = max(0, breakerCoolDownMilliseconds)
    }

    public static let `default` = RetryPolicy()

    /// The upper bound of the jittered delay before retry `retry` (1 for the first retry).
    public func backoffCeiling(retry: Int) -> Int64 {
        let shift = min(max(retry - 1, 0), 30)
        let (scaled, overflow) = baseDelayMilliseconds.multipliedReportingOverflow(by: Int64(1) << shift)
        return overflow ? maxDelayMilliseconds : min(maxDelayMilliseconds, scaled)
    }
}
