import Codec

/// The fields a client may set: what POST and PUT carry, and what PATCH changes some of.
public struct ProductFields: Sendable, Equatable {
    public var name: String
    public var description: String?
    /// Exact: never passes through a binary float.
    public var price: ExactDecimal
    public var category: String
    public var inventoryCount: Int
    /// Empty means "no tags"; the item then has no `tags` attribute.
    public var tags: [String]

    public init(
        name: String, description: String? = nil, price: ExactDecimal, category: String, inventoryCount: Int = 0,
        tags: [String] = []
    ) {
        self.name = name
        self.description = description
        self.price = price
        self.category = category
        self.inventoryCount = inventoryCount
        self.tags = tags
    }
}

/// A stored product: the client's fields plus what the server owns.
public struct Product: Sendable, Equatable {
    public var id: String
    public var fields: ProductFields
    /// ISO 8601 UTC with milliseconds: sorts as text in time order (the category index's sort key).
    public var createdAt: String
    public var updatedAt: String
    /// Starts at 1 and grows by one with every change: the ETag and the optimistic-locking token.
    public var version: Int
    /// The callers who created and last changed it (`nil` when the API ran with `AUTH_MODE=none`).
    public var createdBy: String?
    public var updatedBy: String?

    public init(
        id: String, fields: ProductFields, createdAt: String, updatedAt: String, version: Int, createdBy: String? = nil,
        updatedBy: String? = nil
    ) {
        self.id = id
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
        self.createdBy = createdBy
        self.updatedBy = updatedBy
    }

    /// The `ETag` header value: the version as a strong entity tag.
    public var entityTag: String { "\"\(version)\"" }
}
