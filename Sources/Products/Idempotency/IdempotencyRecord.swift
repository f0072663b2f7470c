import Codec
import DynamoDB

/// What a create with an `Idempotency-Key` leaves behind for its retries: a hash of the request (to spot
/// a key reused for a different product) and the product exactly as the first response returned it.
/// TTL (`expiresAt`) removes it after a day; until DynamoDB does, an expired record counts as absent.
public struct IdempotencyRecord: Sendable, Equatable {
    public static let lifetimeSeconds: Int64 = 24 * 60 * 60
    static let requestHashAttribute = "requestHash"
    static let productAttribute = "product"

    public var recordID: String
    public var requestHash: String
    public var product: Product
    public var expiresAt: Int64

    public init(recordID: String, requestHash: String, product: Product, expiresAt: Int64) {
        self.recordID = recordID
        self.requestHash = requestHash
        self.product = product
        self.expiresAt = expiresAt
    }

    /// Hash of the validated fields in a fixed order, so retries that differ only in spacing or member
    /// order still match, and any change to a value does not.
    public static func requestHash(of fields: ProductFields) -> String {
        let canonical = AttributeValue.json(item: ProductPatch(replacingWith: fields).canonicalItem).serialized()
        return Hex.encode(SHA256Hasher().hash(canonical))
    }

    public var item: Item {
        [
            ProductAttributes.productId: .s(recordID),
            Self.requestHashAttribute: .s(requestHash),
            Self.productAttribute: .m(product.item),
            ProductAttributes.expiresAt: .number(Int(expiresAt)),
        ]
    }

    public init(item: Item) throws(ProductItemError) {
        guard let recordID = item[ProductAttributes.productId]?.stringValue,
            let requestHash = item[Self.requestHashAttribute]?.stringValue,
            let productItem = item[Self.productAttribute]?.mapValue,
            let expiresAt = item[ProductAttributes.expiresAt]?.intValue
        else { throw ProductItemError(attribute: Self.productAttribute, message: "does not hold an idempotency record") }
        self.init(recordID: recordID, requestHash: requestHash, product: try Product(item: productItem), expiresAt: Int64(expiresAt))
    }
}

extension ProductPatch {
    /// Every field as an attribute (removed ones as NULL): input to the request hash only.
    var canonicalItem: Item {
        var item: Item = [:]
        typealias A = ProductAttributes
        item[A.name] = name.map { .s($0) } ?? .null
        item[A.price] = price.map { .number($0) } ?? .null
        item[A.category] = category.map { .s($0) } ?? .null
        item[A.inventoryCount] = inventoryCount.map { .number($0) } ?? .null
        if case .set(let text) = description { item[A.description] = .s(text) } else { item[A.description] = .null }
        if case .set(let tags) = tags { item[A.tags] = .l(tags.map { .s($0) }) } else { item[A.tags] = .null }
        return item
    }
}
