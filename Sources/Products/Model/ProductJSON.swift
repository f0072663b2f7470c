import Codec

// The API form. The price is written as a JSON number with the decimal's own digits ("19.99", never
// 19.989999…); `description` is left out when there is none and `tags` is always an array.
extension Product {
    public var json: JSON {
        typealias A = ProductAttributes
        var object = JSONObject()
        object[A.productId] = .string(id)
        object[A.name] = .string(fields.name)
        if let description = fields.description { object[A.description] = .string(description) }
        object[A.price] = .number(fields.price.description)
        object[A.category] = .string(fields.category)
        object[A.inventoryCount] = .number(fields.inventoryCount)
        object[A.tags] = .array(fields.tags.map { .string($0) })
        object[A.createdAt] = .string(createdAt)
        object[A.updatedAt] = .string(updatedAt)
        object[A.version] = .number(version)
        if let createdBy { object[A.createdBy] = .string(createdBy) }
        if let updatedBy { object[A.updatedBy] = .string(updatedBy) }
        return .object(object)
    }
}
