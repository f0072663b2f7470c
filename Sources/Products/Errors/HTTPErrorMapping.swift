import Codec
import DynamoDB
import HTTPRouter

/// Turns a `ProductsError` into the response the client sees. Server-side causes (DynamoDB, corrupt
/// items) get a generic message; `logDetail` carries the cause for the log only.
public enum HTTPErrorMapping {
    /// Seconds a client should wait after throttling or an unavailable DynamoDB (the client already retried).
    public static let throttledRetryAfterSeconds = 1
    /// Seconds after an open circuit: its default cool-down.
    public static let circuitOpenRetryAfterSeconds = 5

    public static func httpError(for error: ProductsError) -> HTTPError {
        switch error {
        case .validation(let errors):
            return .badRequest("The request is invalid; see details.", code: "ValidationFailed", details: errors.json)
        case .malformedJSON(let reason):
            return .badRequest(reason, code: "MalformedJSON")
        case .payloadTooLarge(let limit):
            return .payloadTooLarge(limitBytes: limit)
        case .unsupportedMediaType(let contentType):
            let given = contentType.map { "'\(Echo.excerpt($0))'" } ?? "none"
            return .unsupportedMediaType("The request body must be application/json (Content-Type was \(given)).")
        case .notFound(let id):
            return .notFound("Product '\(Echo.excerpt(id))' was not found.")
        case .versionConflict(let currentVersion):
            return .conflict(
                "The product has changed: version \(currentVersion) is current. Fetch it and retry with If-Match: \"\(currentVersion)\".",
                code: "VersionConflict", details: ["currentVersion": .number(currentVersion)])
        case .preconditionRequired:
            return .preconditionRequired(
                "This update needs the version it is based on: send If-Match: \"<version>\" or a \"version\" member.")
        case .idempotencyKeyReused:
            return .unprocessable(
                "This Idempotency-Key was already used with a different request body.", code: "IdempotencyKeyReused")
        case .invalidCursor:
            return .badRequest("The cursor is invalid, altered or belongs to another listing.", code: "InvalidCursor")
        case .storage(_, let cause):
            return httpError(for: cause)
        case .corruptItem:
            return .internalError()
        case .cursorKeyUnavailable:
            return .serviceUnavailable(retryAfterSeconds: cursorKeyRetryAfterSeconds)
        }
    }

    /// Seconds before the cursor key is worth asking Secrets Manager for again.
    public static let cursorKeyRetryAfterSeconds = 2

    /// DynamoDB unavailable after the client's retries (throttled, 5xx, connection lost or refused, TLS
    /// failed) → 503 with Retry-After; the deadline closing → 504; anything else → 500. The cause is logged.
    public static func httpError(for error: DynamoDBError) -> HTTPError {
        switch error {
        case .throttled, .serviceError:
            return .serviceUnavailable(retryAfterSeconds: throttledRetryAfterSeconds)
        case .invalidResponse(let status, _) where status >= 500:
            return .serviceUnavailable(retryAfterSeconds: throttledRetryAfterSeconds)
        case .circuitOpen:
            return .serviceUnavailable(retryAfterSeconds: circuitOpenRetryAfterSeconds)
        case .deadlineExceeded:
            return gatewayTimeout
        case .transport(let transportError):
            switch transportError.kind {
            case .timedOut: return gatewayTimeout
            case .connectionLost, .couldNotConnect, .tls: return .serviceUnavailable(retryAfterSeconds: throttledRetryAfterSeconds)
            default: return .internalError()
            }
        default:
            return .internalError()
        }
    }

    static let gatewayTimeout = HTTPError(
        status: 504, code: "GatewayTimeout", message: "The request could not be completed in time; retry later.")

    /// What the log gets for a server-side failure (`nil` for the client's own mistakes).
    public static func logDetail(for error: ProductsError) -> [(String, JSON)]? {
        switch error {
        case .storage(let operation, let cause):
            return [("operation", .string(operation)), ("dynamoDBError", .string(cause.code)), ("detail", .string(cause.description))]
        case .corruptItem(let cause):
            return [("detail", .string(cause.description))]
        case .cursorKeyUnavailable(let cause):
            return [("operation", .string("GetSecretValue")), ("detail", .string(cause))]
        default:
            return nil
        }
    }
}
