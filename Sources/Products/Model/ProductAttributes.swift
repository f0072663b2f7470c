/// Attribute names in the table, written once. The JSON field names are the same.
public enum ProductAttributes {
    public static let productId = "productId"
    public static let name = "name"
    public static let description = "description"
    public static let price = "price"
    public static let category = "category"
    public static let inventoryCount = "inventoryCount"
    public static let tags = "tags"
    public static let createdAt = "createdAt"
    public static let updatedAt = "updatedAt"
    public static let version = "version"
    /// Who created and last changed the product: the token's `sub` (or `client_id`); absent without auth.
    public static let createdBy = "createdBy"
    public static let updatedBy = "updatedBy"
    /// A random token each create and update writes, never shown to clients: when a write is retried after
    /// its answer was lost, finding our own token tells "my first attempt applied" from "someone else wrote".
    public static let writeID = "writeId"
    /// The table's TTL attribute (epoch seconds); only idempotency records carry it.
    public static let expiresAt = "expiresAt"
}
