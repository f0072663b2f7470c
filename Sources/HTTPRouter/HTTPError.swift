import Codec
import HTTPEvents

/// An error a handler throws to answer with a specific status. Its `message` is shown to the client, so it
/// must never carry internals; anything that is not an `HTTPError` becomes a generic 500.
public struct HTTPError: Error, Sendable {
    public var status: Int
    /// Stable, machine-readable: `NotFound`, `ValidationError`, …
    public var code: String
    public var message: String
    public var details: JSON?
    /// Sent with the error response (`Allow`, `Retry-After`, …).
    public var headers: HTTPHeaders

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
    public static func badRequest(_ message: String, code: String = "BadRequest", details: JSON? = nil) -> HTTPError {
        HTTPError(status: 400, code: code, message: message, details: details)
    }

    public static func unauthorized(_ message: String = "Authentication is required.") -> HTTPError {
        HTTPError(status: 401, code: "Unauthorized", message: message)
    }

    public static func forbidden(_ message: String = "Access to this resource is denied.") -> HTTPError {
        HTTPError(status: 403, code: "Forbidden", message: message)
    }

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

    public static func conflict(_ message: String, code: String = "Conflict", details: JSON? = nil) -> HTTPError {
        HTTPError(status: 409, code: code, message: message, details: details)
    }

    public static func preconditionFailed(_ message: String, details: JSON? = nil) -> HTTPError {
        HTTPError(status: 412, code: "PreconditionFailed", message: message, details: details)
    }

    public static func payloadTooLarge(limitBytes: Int) -> HTTPError {
        HTTPError(
            status: 413, code: "PayloadTooLarge", message: "The request body exceeds \(limitBytes) bytes.",
            details: ["limitBytes": .number(limitBytes)])
    }

    public static func unsupportedMediaType(_ message: String = "The request body must be application/json.") -> HTTPError {
        HTTPError(status: 415, code: "UnsupportedMediaType", message: message)
    }

    public static func unprocessable(_ message: String, code: String = "ValidationError", details: JSON? = nil) -> HTTPError {
        HTTPError(status: 422, code: code, message: message, details: details)
    }

    public static func preconditionRequired(_ message: String) -> HTTPError {
        HTTPError(status: 428, code: "PreconditionRequired", message: message)
    }

    public static func tooManyRequests(_ message: String = "Too many requests; retry later.", retryAfterSeconds: Int? = nil) -> HTTPError {
        HTTPError(status: 429, code: "TooManyRequests", message: message, headers: retryAfter(retryAfterSeconds))
    }

    /// The generic 500: the message says nothing about the cause.
    public static func internalError() -> HTTPError {
        HTTPError(status: 500, code: "InternalError", message: "An internal error occurred.")
    }

    public static func serviceUnavailable(_ message: String = "The service is temporarily unavailable; retry later.", retryAfterSeconds: Int? = nil) -> HTTPError {
        HTTPError(status: 503, code: "ServiceUnavailable", message: message, headers: retryAfter(retryAfterSeconds))
    }

    private static func retryAfter(_ seconds: Int?) -> HTTPHeaders {
        seconds.map { HTTPHeaders([("Retry-After", String($0))]) } ?? HTTPHeaders()
    }
}
