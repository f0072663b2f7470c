import DynamoDB

/// Everything a products operation can fail with, before it becomes an HTTP answer (`HTTPErrorMapping`).
public enum ProductsError: Error, Sendable, Equatable {
    case validation(FieldErrors)
    case malformedJSON(String)
    case payloadTooLarge(limit: Int)
    case unsupportedMediaType(String?)
    case notFound(id: String)
    case versionConflict(currentVersion: Int)
    case preconditionRequired
    case idempotencyKeyReused
    case invalidCursor
    /// A DynamoDB call failed; mapped by its kind (throttling 503, deadline 504, else 500).
    case storage(operation: String, DynamoDBError)
    /// A stored item is not a product: a server-side problem, never the client's.
    case corruptItem(ProductItemError)
    /// The cursor key could not be read from Secrets Manager: 503, the cause in the log only.
    case cursorKeyUnavailable(String)
}
