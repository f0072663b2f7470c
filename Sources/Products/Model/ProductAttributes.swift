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
    /// The table's TTL attribute (epoch seconds); only idempotency records carry it.
    public static let expiresAt = "expiresAt"
}
