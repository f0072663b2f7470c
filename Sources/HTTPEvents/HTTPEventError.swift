/// Why an event could not become an `HTTPRequest`.
public enum HTTPEventError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The event document is not a JSON object.
    case notAnObject
    /// The event belongs to a non-HTTP source; the payload names it (`aws:sqs`, `EventBridge`, …).
    case notAnHTTPEvent(String)
    /// An object without `httpMethod` or `requestContext.http.method`.
    case missingMethod
    /// A member the source defines has the wrong JSON type.
    case malformedField(String, expected: String)
    /// `isBase64Encoded` was true but the body is not base64.
    case invalidBase64Body

    /// What is wrong with the event, for the 400 answer and the log.
    public var description: String {
        switch self {
        case .notAnObject:
            "event is not a JSON object, so it is not an HTTP event"
        case .notAnHTTPEvent(let kind):
            "event is a \(kind) event, not an HTTP event (API Gateway REST or HTTP API, ALB or function URL)"
        case .missingMethod:
            "event has no HTTP method (neither httpMethod nor requestContext.http.method), so it is not an HTTP event"
        case .malformedField(let field, let expected):
            "event field \(field) should be \(expected)"
        case .invalidBase64Body:
            "request body is marked isBase64Encoded but is not valid base64"
        }
    }

    /// True when the event is no HTTP request at all; false when it is one with a bad part.
    public var isUnsupportedEvent: Bool {
        switch self {
        case .notAnObject, .notAnHTTPEvent, .missingMethod: true
        case .malformedField, .invalidBase64Body: false
        }
    }
}
