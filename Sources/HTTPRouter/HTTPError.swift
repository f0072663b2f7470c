import Codec
import HTTPEvents

/// An error a handler throws to answer with a specific status. Its `message` is shown to the client, so it
/// must never carry internals; anything that is not an `HTTPError` becomes a generic 500.
public struct HTTPError: Error, Sendable {
    /// The HTTP status code of the response.
    public var status: Int
    /// Stable, machine-readable: `NotFound`, `ValidationError`, …
    public var code: String
    /// A sentence for the client; it must not reveal internals (tables, hosts, stack traces).
    public var message: String
    /// Extra machine-readable detail (the fields that failed validation, say), sent as `details`.
    public var details: JSON?
    /// Sent with the error response (`Allow`, `Retry-After`, …).
    public var headers: HTTPHeaders

    /// Any error answer; the static constructors cover the common statuses.
    public init(status: Int, code: String, message: String, details: JSON? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The one error body shape: `{"error": {"code", "message", "requestId", "details"?}}`.
    public func response(requestID: String) -> HTTPResponse {
        var error = JSONObject([("code", .string(code)), ("message", .string(message)), ("requestId", .string(requestID))])
        if let details { error["details"] = details }
        return .json(status, ["error": .object(error)], headers: headers)
    }
}

extension HTTPError {
    /// 400: the request is malformed (not JSON, a bad parameter).
    public static func badRequest(_ message: String, code: String = "BadRequest", details: JSON? = nil) -> HTTPError {
        HTTPError(status: 400, code: code, message: message, details: details)
    }

    /// 401: no valid credentials.
    public static func unauthorized(_ message: String = "Authentication is required.") -> HTTPError {
        HTTPError(status: 401, code: "Unauthorized", message: message)
    }

    /// 403: the caller is known but may not do this.
    public static func forbidden(_ message: String = "Access to this resource is denied.") -> HTTPError {
        HTTPError(status: 403, code: "Forbidden", message: message)
    }

    /// 404: no such resource.
    public static func notFound(_ message: String = "The resource was not found.", code: String = "NotFound") -> HTTPError {
        HTTPError(status: 404, code: code, message: message)
    }

    /// With the `Allow` header listing `allowed`.
    public static func methodNotAllowed(_ method: String, allowed: [String]) -> HTTPError {
        let allow = allowed.joined(separator: ", ")
        return HTTPError(
            status: 405, code: "MethodNotAllowed", message: "Method \(Echo.excerpt(method)) is not allowed here; use one of \(allow).",
            headers: HTTPHeaders([("Allow", allow)]))
    }

    /// 409: the request conflicts with the resource's current state.
    public static func conflict(_ message: String, code: String = "Conflict", details: JSON? = nil) -> HTTPError {
        HTTPError(status: 409, code: code, message: message, details: details)
    }

    /// 412: an `If-Match` or `If-Unmodified-Since` condition did not hold.
    public static func preconditionFailed(_ message: String, details: JSON? = nil) -> HTTPError {
        HTTPError(status: 412, code: "PreconditionFailed", message: message, details: details)
    }

    /// 413: the body is over `limitBytes`.
    public static func payloadTooLarge(limitBytes: Int) -> HTTPError {
        HTTPError(
            status: 413, code: "PayloadTooLarge", message: "The request body exceeds \(limitBytes) bytes.",
            details: ["limitBytes": .number(limitBytes)])
    }

    /// 415: the body's content type is not one the route reads.
    public static func unsupportedMediaType(_ message: String = "The request body must be application/json.") -> HTTPError {
        HTTPError(status: 415, code: "UnsupportedMediaType", message: message)
    }

    /// 422: well-formed, but the values are invalid.
    public static func unprocessable(_ message: String, code: String = "ValidationError", details: JSON? = nil) -> HTTPError {
        HTTPError(status: 422, code: code, message: message, details: details)
    }

    /// 428: the route requires a conditional request (`If-Match`).
    public static func preconditionRequired(_ message: String) -> HTTPError {
        HTTPError(status: 428, code: "PreconditionRequired", message: message)
    }

    /// 429: slow down; `retryAfterSeconds` becomes `Retry-After`.
    public static func tooManyRequests(_ message: String = "Too many requests; retry later.", retryAfterSeconds: Int? = nil) -> HTTPError {
        HTTPError(status: 429, code: "TooManyRequests", message: message, headers: retryAfter(retryAfterSeconds))
    }

    /// The generic 500: the message says nothing about the cause.
    public static func internalError() -> HTTPError {
        HTTPError(status: 500, code: "InternalError", message: "An internal error occurred.")
    }

    /// 503: a dependency is failing for now; `retryAfterSeconds` becomes `Retry-After`.
    public static func serviceUnavailable(_ message: String = "The service is temporarily unavailable; retry later.", retryAfterSeconds: Int? = nil) -> HTTPError {
        HTTPError(status: 503, code: "ServiceUnavailable", message: message, headers: retryAfter(retryAfterSeconds))
    }

    private static func retryAfter(_ seconds: Int?) -> HTTPHeaders {
        seconds.map { HTTPHeaders([("Retry-After", String($0))]) } ?? HTTPHeaders()
    }
}
