/// One call to another service (a DynamoDB operation, a key or secret fetch), from start to end: what the
/// X-Ray subsegment, the trace header and the metrics are made from.
public struct OutboundCall: Sendable {
    /// The service as X-Ray names it: `DynamoDB`, `SecretsManager`, `Cognito`.
    public let service: String
    public let operation: String
    /// Extra `aws` members for the subsegment, such as `("table_name", "products")`.
    public let resourceAttributes: [(String, String)]
    /// X-Ray's node kind: `aws` for an AWS service, `remote` for any other HTTP endpoint (such as an issuer's keys).
    public let namespace: Namespace
    /// The request's method and URL, for `http.request` (recorded for `remote` calls, where the URL names the peer).
    public let httpRequest: (method: String, url: String)?
    /// The subsegment's id (also sent downstream as the trace header's Parent).
    public let id: String
    public let startedAtMicroseconds: Int64
    let startedAtMonotonic: UInt64
    /// `X-Amzn-Trace-Id` for the call's requests; `nil` when the invocation has no trace header.
    public let traceHeader: String?
    /// Whether a subsegment will be sent when the call ends.
    public let isTraced: Bool

    /// X-Ray's subsegment namespace: `aws` for AWS services, `remote` for any other HTTP peer.
    public enum Namespace: String, Sendable {
        case aws
        case remote
    }

    init(
        service: String, operation: String, resourceAttributes: [(String, String)], namespace: Namespace,
        httpRequest: (method: String, url: String)?, trace: TraceHeader?, traced: Bool
    ) {
        self.service = service
        self.operation = operation
        self.resourceAttributes = resourceAttributes
        self.namespace = namespace
        self.httpRequest = httpRequest
        id = SegmentID.generate()
        startedAtMicroseconds = WallClock.nowMicroseconds()
        startedAtMonotonic = UTCTimeBridge.monotonicNanoseconds()
        isTraced = traced
        traceHeader = trace?.header(parent: traced ? id : nil)
    }
}

/// How an outbound call ended.
public struct OutboundCallResult: Sendable, Equatable {
    /// How the call ended, in X-Ray's terms.
    public enum Outcome: Sendable, Equatable {
        case success
        /// The service refused the request (4xx other than throttling): X-Ray's `error`.
        case clientError
        /// Throttled on the last attempt: X-Ray's `error` and `throttle`.
        case throttled
        /// A 5xx, a lost connection, a time-out, an open circuit: X-Ray's `fault`.
        case fault
    }

    public var outcome: Outcome
    /// The last HTTP status received, if any.
    public var status: Int?
    public var requestID: String?
    /// Attempts after the first.
    public var retries: Int
    /// Attempts that were throttled (retried or not).
    public var throttles: Int
    /// This call's failure opened the circuit breaker.
    public var openedCircuit: Bool
    /// The short description X-Ray shows for a failed call (no data from the request or response).
    public var errorType: String?

    public init(
        outcome: Outcome, status: Int? = nil, requestID: String? = nil, retries: Int = 0, throttles: Int = 0,
        openedCircuit: Bool = false, errorType: String? = nil
    ) {
        self.outcome = outcome
        self.status = status
        self.requestID = requestID
        self.retries = retries
        self.throttles = throttles
        self.openedCircuit = openedCircuit
        self.errorType = errorType
    }
}
