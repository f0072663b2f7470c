import Codec

/// One DynamoDB JSON-protocol operation: its input encodes the request body, its output decodes the answer.
public protocol DynamoDBOperation: Sendable {
    associatedtype Output: Sendable
    /// The operation name in `X-Amz-Target: DynamoDB_20120810.<name>`.
    static var name: String { get }
    func requestBody() -> JSONObject
    static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> Output
}

// Body-building helpers: optional members are left out rather than sent empty (DynamoDB rejects empty maps).
extension JSONObject {
    mutating func set(_ key: String, _ value: String?) {
        if let value { self[key] = .string(value) }
    }

    mutating func set(_ key: String, item: Item?) {
        if let item { self[key] = AttributeValue.json(item: item) }
    }

    mutating func setExpressionAttributes(names: [String: String], values: Item) {
        if !names.isEmpty {
            self["ExpressionAttributeNames"] = .object(JSONObject(names.keys.sorted().map { ($0, .string(names[$0]!)) }))
        }
        if !values.isEmpty { self["ExpressionAttributeValues"] = AttributeValue.json(item: values) }
    }

    mutating func set(_ key: String, flag: Bool, whenNot defaultValue: Bool) {
        if flag != defaultValue { self[key] = .bool(flag) }
    }
}

// Response-reading helpers.
extension JSONObject {
    func optionalItem(_ key: String) throws(AttributeValueDecodingError) -> Item? {
        guard let value = self[key], !value.isNull else { return nil }
        do { return try AttributeValue.item(json: value) } catch { throw error.nested(in: key) }
    }

    func items(_ key: String) throws(AttributeValueDecodingError) -> [Item] {
        guard let value = self[key], !value.isNull else { return [] }
        guard let array = value.arrayValue else { throw AttributeValueDecodingError(path: key, message: "expected an array") }
        var items: [Item] = []
        items.reserveCapacity(array.count)
        for (index, element) in array.enumerated() {
            do { items.append(try AttributeValue.item(json: element)) } catch { throw error.nested(in: "\(key)[\(index)]") }
        }
        return items
    }

    func int(_ key: String) throws(AttributeValueDecodingError) -> Int? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let number = value.intValue else { throw AttributeValueDecodingError(path: key, message: "expected an integer") }
        return number
    }

    func object(_ key: String) throws(AttributeValueDecodingError) -> JSONObject? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let object = value.objectValue else { throw AttributeValueDecodingError(path: key, message: "expected an object") }
        return object
    }

    func stringMap(_ key: String) throws(AttributeValueDecodingError) -> [String: String] {
        guard let object = try object(key) else { return [:] }
        var map: [String: String] = [:]
        for member in object {
            guard let text = member.value.stringValue else {
                throw AttributeValueDecodingError(path: "\(key).\(member.key)", message: "expected a string")
            }
            map[member.key] = text
        }
        return map
    }
}
