import Codec

/// What happens to an optional field in an update.
public enum FieldChange<Value: Sendable & Equatable>: Sendable, Equatable {
    case keep
    case set(Value)
    case remove
}

/// The changes one update makes. A PUT is a patch that sets every required field and sets or removes
/// the optional ones, so both routes share one update expression.
public struct ProductPatch: Sendable, Equatable {
    public var name: String?
    public var description: FieldChange<String> = .keep
    public var price: ExactDecimal?
    public var category: String?
    public var inventoryCount: Int?
    /// An empty list removes the attribute, like `null`.
    public var tags: FieldChange<[String]> = .keep

    public init() {}

    public init(replacingWith fields: ProductFields) {
        name = fields.name
        description = fields.description.map { .set($0) } ?? .remove
        price = fields.price
        category = fields.category
        inventoryCount = fields.inventoryCount
        tags = fields.tags.isEmpty ? .remove : .set(fields.tags)
    }

    public var isEmpty: Bool {
        name == nil && description == .keep && price == nil && category == nil && inventoryCount == nil && tags == .keep
    }
}
