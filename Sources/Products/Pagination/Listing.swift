import DynamoDB

/// Which listing a page belongs to: the whole table (a Scan) or one category (a Query on the index).
/// A cursor is bound to its listing and only works there.
public enum Listing: Sendable, Equatable {
    case all
    case category(String)

    /// What the cursor's tag covers besides the key: a cursor from one listing fails in another.
    var binding: String {
        switch self {
        case .all: "scan"
        case .category(let category): "category:" + category
        }
    }

    /// The attributes DynamoDB puts in a LastEvaluatedKey for this listing (all strings): the table key,
    /// plus the index key for a Query on the index.
    var keyAttributes: [String] {
        switch self {
        case .all: [ProductAttributes.productId]
        case .category: [ProductAttributes.productId, ProductAttributes.category, ProductAttributes.createdAt]
        }
    }

    /// Whether `key` could have come from this listing: exactly the expected attributes, all strings,
    /// and for a category the same category.
    func accepts(_ key: Item) -> Bool {
        guard key.count == keyAttributes.count else { return false }
        for name in keyAttributes {
            guard let value = key[name]?.stringValue, !value.isEmpty else { return false }
        }
        if case .category(let category) = self, key[ProductAttributes.category]?.stringValue != category { return false }
        return true
    }
}
