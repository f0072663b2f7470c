/// Watches DynamoDB calls without the client knowing how they are measured: one `callStarted` before a
/// call's first attempt, one `finish` on the span it returned when the call is over (however it ended).
/// The span's `traceHeader`, when set, goes on every attempt as `X-Amzn-Trace-Id` (so DynamoDB's side of
/// the trace hangs under the caller's subsegment). Pass one per invocation; the client keeps none.
public protocol DynamoDBCallObserver: AnyObject {
    func callStarted(operation: String, tableName: String?) -> any DynamoDBCallSpan
}

/// One call as an observer follows it: the trace header its requests carry, and its end.
public protocol DynamoDBCallSpan: AnyObject {
    var traceHeader: String? { get }
    func finish(_ report: DynamoDBCallReport)
}

/// What one call (all its attempts) came to.
public struct DynamoDBCallReport: Sendable, Equatable {
    public let operation: String
    public let tableName: String?
    /// Attempts sent (0 when the open circuit failed the call fast).
    public let attempts: Int
    /// Attempts DynamoDB answered with a throttling error.
    public let throttledAttempts: Int
    /// The status and `x-amzn-RequestId` of the last answer, if any came.
    public let lastStatus: Int?
    public let requestID: String?
    /// `nil` on success.
    public let error: DynamoDBError?
    /// This call's failure opened the circuit breaker.
    public let openedCircuit: Bool

    public init(
        operation: String, tableName: String?, attempts: Int, throttledAttempts: Int, lastStatus: Int?, requestID: String?,
        error: DynamoDBError?, openedCircuit: Bool
    ) {
        self.operation = operation
        self.tableName = tableName
        self.attempts = attempts
        self.throttledAttempts = throttledAttempts
        self.lastStatus = lastStatus
        self.requestID = requestID
        self.error = error
        self.openedCircuit = openedCircuit
    }

    public var retries: Int { max(0, attempts - 1) }
}
