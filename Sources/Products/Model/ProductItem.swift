import Codec
import DynamoDB

/// A stored item that is not a well-formed product (written by something else, or corrupted).
public struct ProductItemError: Error, Sendable, Equatable, CustomStringConvertible {
    public let attribute: String
    public let message: String
    public var description: String { "product item attribute '\(attribute)' \(message)" }
}

// The DynamoDB form: strings as S, price and counts as N (exact decimal text), tags as a list of S (keeps
// the client's order, unlike a string set, and may not be empty — an absent attribute means no tags).
extension Product {
    public var item: Item {
        typealias A = ProductAttributes
        var item: Item = [
            A.productId: .s(id),
            A.name: .s(fields.name),
            A.price: .number(fields.price),
            A.category: .s(fields.category),
            A.inventoryCount: .number(fields.inventoryCount),
            A.createdAt: .s(createdAt),
            A.updatedAt: .s(updatedAt),
            A.version: .number(version),
        ]
        if let description = fields.description { item[A.description] = .s(description) }
        if !fields.tags.isEmpty { item[A.tags] = .l(fields.tags.map { .s($0) }) }
        if let createdBy { item[A.createdBy] = .s(createdBy) }
        if let updatedBy { item[A.updatedBy] = .s(updatedBy) }
        return item
    }

    public init(item: Item) throws(ProductItemError) {
        typealias A = ProductAttributes
        func string(_ name: String) throws(ProductItemError) -> String {
            guard let value = item[name]?.stringValue else { throw ProductItemError(attribute: name, message: "is not a string") }
            return value
        }
        func integer(_ name: String) throws(ProductItemError) -> Int {
            guard let value = item[name]?.intValue else { throw ProductItemError(attribute: name, message: "is not an integer") }
            return value
        }
        guard let price = item[A.price]?.decimalValue else {
            throw ProductItemError(attribute: A.price, message: "is not a number")
        }
        var description: String?
        if let value = item[A.description] {
            guard let text = value.stringValue else { throw ProductItemError(attribute: A.description, message: "is not a string") }
            description = text
        }
        var tags: [String] = []
        switch item[A.tags] {
        case nil: break
        case .ss(let set)?: tags = set  // accepted for items written by other tools
        case .l(let list)?:
            for element in list {
                guard let tag = element.stringValue else { throw ProductItemError(attribute: A.tags, message: "is not a list of strings") }
                tags.append(tag)
            }
        default: throw ProductItemError(attribute: A.tags, message: "is not a list of strings")
        }
        let fields = ProductFields(
            name: try string(A.name), description: description, price: price, category: try string(A.category),
            inventoryCount: try integer(A.inventoryCount), tags: tags)
        func optionalString(_ name: String) throws(ProductItemError) -> String? {
            guard let value = item[name] else { return nil }
            guard let text = value.stringValue else { throw ProductItemError(attribute: name, message: "is not a string") }
            return text
        }
        self.init(
            id: try string(A.productId), fields: fields, createdAt: try string(A.createdAt),
            updatedAt: try string(A.updatedAt), version: try integer(A.version), createdBy: try optionalString(A.createdBy),
            updatedBy: try optionalString(A.updatedBy))
    }
}
