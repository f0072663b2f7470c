import Codec
import DynamoDB

/// A client's `Idempotency-Key`: 1–255 visible ASCII characters. Its record lives in the products table
/// under `idempotency#<sha256 hex>`, which can never collide with a product id (UUID text).
public struct IdempotencyKey: Sendable, Equatable {
    public static let header = "Idempotency-Key"
    /// `true` on a create answered from a key's record.
    public static let replayedHeader = "Idempotent-Replayed"
    public static let recordPrefix = "idempotency#"
    public static let maximumLength = 255

    public let value: String

    /// `nil` with an error added when the header is present but unusable.
    public init?(header value: String, _ errors: inout FieldErrors) {
        let bytes = Array(value.utf8)
        guard (1...Self.maximumLength).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            errors.add(Self.header, "must be 1 to \(Self.maximumLength) visible ASCII characters")
            return nil
        }
        self.value = value
    }

    /// The record's partition key.
    public var recordID: String { Self.recordPrefix + Hex.encode(SHA256Hasher().hash(value)) }
}
