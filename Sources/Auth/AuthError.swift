import HTTPEvents
import HTTPRouter

/// Why a request was refused, and the answer it gets (RFC 6750 §3).
public enum AuthError: Error, Sendable, Equatable {
    /// No `Authorization: Bearer` credentials, or not in that form.
    case missingCredentials
    case invalidToken(TokenError)
    case insufficientScope(String)
    /// The signing keys could not be fetched: closed, never open.
    case keysUnavailable(retryAfterSeconds: Int)

    public static let realm = "products"

    public var httpError: HTTPError {
        switch self {
        case .missingCredentials:
            return HTTPError(
                status: 401, code: "Unauthorized", message: "This request needs Authorization: Bearer <access token>.",
                headers: HTTPHeaders([("WWW-Authenticate", "Bearer realm=\"\(Self.realm)\"")]))
        case .invalidToken(let reason):
            let description = reason.description
            return HTTPError(
                status: 401, code: "InvalidToken", message: description,
                headers: HTTPHeaders([
                    ("WWW-Authenticate", "Bearer realm=\"\(Self.realm)\", error=\"invalid_token\", error_description=\"\(description)\"")
                ]))
        case .insufficientScope(let scope):
            return HTTPError(
                status: 403, code: "InsufficientScope", message: "The token does not grant the '\(scope)' scope this request needs.",
                headers: HTTPHeaders([
                    ("WWW-Authenticate", "Bearer realm=\"\(Self.realm)\", error=\"insufficient_scope\", scope=\"\(scope)\"")
                ]))
        case .keysUnavailable(let seconds):
            return .serviceUnavailable("The token issuer's keys cannot be fetched; retry later.", retryAfterSeconds: seconds)
        }
    }
}
