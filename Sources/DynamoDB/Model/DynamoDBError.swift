import HTTPTransport

/// Why one item of a cancelled transaction failed: `code` is "None" for the items that did not.
public struct CancellationReason: Sendable, Equatable {
    public var code: String
    public var message: String?
    /// The item's old image, when `ReturnValuesOnConditionCheckFailure` was `ALL_OLD`.
    public var item: Item?

    /// A value with the given members (the client decodes the real ones).
    public init(code: String, message: String? = nil, item: Item? = nil) {
        self.code = code
        self.message = message
        self.item = item
    }
}

/// Everything a DynamoDB call can fail with.
public enum DynamoDBError: Error, Sendable, Equatable {
    /// The condition expression was false; `item` is the old item when it was asked for (`ALL_OLD`).
    case conditionalCheckFailed(item: Item?)
    case transactionCanceled(reasons: [CancellationReason])
    case validation(String)
    case resourceNotFound(String)
    /// ProvisionedThroughputExceeded, Throttling or RequestLimitExceeded: retried.
    case throttled(code: String, message: String)
    /// A 5xx answer in DynamoDB's JSON form: retried.
    case serviceError(status: Int, code: String, message: String)
    /// The credentials or the signature were refused (UnrecognizedClient, InvalidSignature, AccessDenied, ...).
    case authentication(code: String, message: String)
    /// The call's deadline left no time for another attempt.
    case deadlineExceeded
    /// The circuit breaker is open after repeated failures: failing fast for its cool-down.
    case circuitOpen
    /// No HTTP answer: connect, TLS or transfer failure.
    case transport(HTTPClientError)
    /// An answer that is not DynamoDB JSON at all (an HTML 500 from a proxy, a truncated body).
    case invalidResponse(status: Int, detail: String)
    /// Any other DynamoDB error type.
    case other(status: Int, code: String, message: String)

    /// Throttling, 5xx and connection failures are worth another attempt; nothing else is.
    public var isRetryable: Bool {
        switch self {
        case .throttled, .serviceError: true
        case .transport(let error): error.kind != .tls && error.kind != .other
        case .invalidResponse(let status, _): status >= 500
        case .conditionalCheckFailed, .transactionCanceled, .validation, .resourceNotFound, .authentication,
            .deadlineExceeded, .circuitOpen, .other:
            false
        }
    }

    /// The DynamoDB error code (the part of `__type` after `#`), or a short name for client-side errors.
    public var code: String {
        switch self {
        case .conditionalCheckFailed: "ConditionalCheckFailedException"
        case .transactionCanceled: "TransactionCanceledException"
        case .validation: "ValidationException"
        case .resourceNotFound: "ResourceNotFoundException"
        case .throttled(let code, _), .serviceError(_, let code, _), .authentication(let code, _), .other(_, let code, _):
            code
        case .deadlineExceeded: "DeadlineExceeded"
        case .circuitOpen: "CircuitOpen"
        case .transport: "TransportError"
        case .invalidResponse: "InvalidResponse"
        }
    }
}

extension DynamoDBError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .conditionalCheckFailed(let item): "conditional check failed" + (item == nil ? "" : " (old item returned)")
        case .transactionCanceled(let reasons): "transaction cancelled: [\(reasons.map(\.code).joined(separator: ", "))]"
        case .validation(let message): "validation error: \(message)"
        case .resourceNotFound(let message): "resource not found: \(message)"
        case .throttled(let code, let message): "throttled (\(code)): \(message)"
        case .serviceError(let status, let code, let message): "service error \(status) (\(code)): \(message)"
        case .authentication(let code, let message): "authentication failed (\(code)): \(message)"
        case .deadlineExceeded: "the invocation's deadline left no time for the call"
        case .circuitOpen: "circuit open: DynamoDB failed repeatedly, failing fast"
        case .transport(let error): "transport error: \(error)"
        case .invalidResponse(let status, let detail): "invalid response (HTTP \(status)): \(detail)"
        case .other(let status, let code, let message): "DynamoDB error \(status) (\(code)): \(message)"
        }
    }
}

extension DynamoDBError {
    /// Written out because `HTTPClientError` (owned by the transport) is not `Equatable`.
    public static func == (lhs: DynamoDBError, rhs: DynamoDBError) -> Bool {
        switch (lhs, rhs) {
        case (.conditionalCheckFailed(let a), .conditionalCheckFailed(let b)): a == b
        case (.transactionCanceled(let a), .transactionCanceled(let b)): a == b
        case (.validation(let a), .validation(let b)), (.resourceNotFound(let a), .resourceNotFound(let b)): a == b
        case (.throttled(let a, let m), .throttled(let b, let n)), (.authentication(let a, let m), .authentication(let b, let n)):
            a == b && m == n
        case (.serviceError(let s, let a, let m), .serviceError(let t, let b, let n)), (.other(let s, let a, let m), .other(let t, let b, let n)):
            s == t && a == b && m == n
        case (.deadlineExceeded, .deadlineExceeded), (.circuitOpen, .circuitOpen): true
        case (.transport(let a), .transport(let b)): a.kind == b.kind && a.message == b.message && a.curlCode == b.curlCode
        case (.invalidResponse(let s, let a), .invalidResponse(let t, let b)): s == t && a == b
        default: false
        }
    }
}
