import Codec

/// Why a JSON value is not a DynamoDB attribute value (or item); `path` says where, e.g. `price.N`.
public struct AttributeValueDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String

    /// A value with the given members (the client decodes the real ones).
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    func nested(in parent: String) -> AttributeValueDecodingError {
        AttributeValueDecodingError(path: path.isEmpty ? parent : "\(parent).\(path)", message: message)
    }
}

// The DynamoDB wire form: every value is a one-member object whose key names its type.
extension AttributeValue {
    public var json: JSON {
        let member: (String, JSON)
        switch self {
        case .s(let value): member = ("S", .string(value))
        case .n(let value): member = ("N", .string(value))
        case .b(let value): member = ("B", .string(Base64.encode(value)))
        case .bool(let value): member = ("BOOL", .bool(value))
        case .null: member = ("NULL", .bool(true))
        case .m(let map): member = ("M", AttributeValue.json(item: map))
        case .l(let list): member = ("L", .array(list.map(\.json)))
        case .ss(let values): member = ("SS", .array(values.map { .string($0) }))
        case .ns(let values): member = ("NS", .array(values.map { .string($0) }))
        case .bs(let values): member = ("BS", .array(values.map { .string(Base64.encode($0)) }))
        }
        return .object(JSONObject([member]))
    }

    /// A value with the given members (the client decodes the real ones).
    public init(json: JSON) throws(AttributeValueDecodingError) {
        guard case .object(let object) = json, object.count == 1, let member = object.members.first else {
            throw AttributeValueDecodingError(path: "", message: "an attribute value must be an object with exactly one type key")
        }
        let value = member.value
        let type = member.key
        func fail(_ message: String) -> AttributeValueDecodingError {
            AttributeValueDecodingError(path: type, message: message)
        }
        switch type {
        case "S":
            guard let text = value.stringValue else { throw fail("expected a string") }
            self = .s(text)
        case "N":
            guard let text = value.stringValue else { throw fail("expected a number as a string") }
            guard ExactDecimal(text) != nil else { throw fail("'\(text)' is not a number") }
            self = .n(text)
        case "B":
            self = .b(try AttributeValue.bytes(value, fail))
        case "BOOL":
            guard let flag = value.boolValue else { throw fail("expected true or false") }
            self = .bool(flag)
        case "NULL":
            guard value.boolValue == true else { throw fail("expected true") }
            self = .null
        case "M":
            do { self = .m(try AttributeValue.item(json: value)) } catch { throw error.nested(in: "M") }
        case "L":
            guard let array = value.arrayValue else { throw fail("expected an array") }
            var list: [AttributeValue] = []
            list.reserveCapacity(array.count)
            for (index, element) in array.enumerated() {
                do { list.append(try AttributeValue(json: element)) } catch { throw error.nested(in: "L[\(index)]") }
            }
            self = .l(list)
        case "SS":
            guard let array = value.arrayValue else { throw fail("expected an array of strings") }
            self = .ss(try array.map { (element) throws(AttributeValueDecodingError) -> String in
                guard let text = element.stringValue else { throw fail("expected an array of strings") }
                return text
            })
        case "NS":
            guard let array = value.arrayValue else { throw fail("expected an array of numbers as strings") }
            self = .ns(try array.map { (element) throws(AttributeValueDecodingError) -> String in
                guard let text = element.stringValue, ExactDecimal(text) != nil else {
                    throw fail("expected an array of numbers as strings")
                }
                return text
            })
        case "BS":
            guard let array = value.arrayValue else { throw fail("expected an array of base64 strings") }
            self = .bs(try array.map { (element) throws(AttributeValueDecodingError) -> [UInt8] in
                try AttributeValue.bytes(element, fail)
            })
        default:
            throw AttributeValueDecodingError(path: type, message: "unknown attribute type '\(type)'")
        }
    }

    private static func bytes(
        _ value: JSON, _ fail: (String) -> AttributeValueDecodingError
    ) throws(AttributeValueDecodingError) -> [UInt8] {
        guard let text = value.stringValue else { throw fail("expected a base64 string") }
        guard let bytes = Base64.decode(text) else { throw fail("invalid base64") }
        return bytes
    }

    /// An item in wire form. Keys are written in sorted order so a request's bytes do not depend on
    /// dictionary hashing (stable signatures, readable logs).
    public static func json(item: Item) -> JSON {
        var members: [(String, JSON)] = []
        members.reserveCapacity(item.count)
        for key in item.keys.sorted() { members.append((key, item[key]!.json)) }
        return .object(JSONObject(members))
    }

    /// The whole item, key included.
    public static func item(json: JSON) throws(AttributeValueDecodingError) -> Item {
        guard case .object(let object) = json else {
            throw AttributeValueDecodingError(path: "", message: "an item must be a JSON object")
        }
        var item: Item = Dictionary(minimumCapacity: object.count)
        for member in object.members {
            do { item[member.key] = try AttributeValue(json: member.value) } catch { throw error.nested(in: member.key) }
        }
        return item
    }

    /// Parses an item from its wire-form JSON text.
    public static func item(jsonText: String) throws(AttributeValueDecodingError) -> Item {
        let json: JSON
        do { json = try JSON.parse(jsonText) } catch {
            throw AttributeValueDecodingError(path: "", message: "not JSON: \(error)")
        }
        return try item(json: json)
    }
}
