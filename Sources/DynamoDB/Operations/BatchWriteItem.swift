import Codec

/// One put or delete in a BatchWriteItem (no conditions: batch writes cannot have them).
public enum WriteRequest: Sendable, Equatable {
    case put(item: Item)
    case delete(key: Item)

    var json: JSON {
        switch self {
        case .put(let item): JSON.object(JSONObject([("PutRequest", .object(JSONObject([("Item", AttributeValue.json(item: item))])))]))
        case .delete(let key): JSON.object(JSONObject([("DeleteRequest", .object(JSONObject([("Key", AttributeValue.json(item: key))])))]))
        }
    }

    init(_ json: JSON) throws(AttributeValueDecodingError) {
        if let put = json["PutRequest"]?.objectValue, let item = try put.optionalItem("Item") {
            self = .put(item: item)
        } else if let delete = json["DeleteRequest"]?.objectValue, let key = try delete.optionalItem("Key") {
            self = .delete(key: key)
        } else {
            throw AttributeValueDecodingError(path: "", message: "expected a PutRequest with an Item or a DeleteRequest with a Key")
        }
    }
}

public struct BatchWriteItemInput: DynamoDBOperation, Equatable {
    /// Table name to its writes (at most 25 in all).
    public var requestItems: [String: [WriteRequest]]

    public init(requestItems: [String: [WriteRequest]]) { self.requestItems = requestItems }

    public static let name = "BatchWriteItem"

    public func requestBody() -> JSONObject {
        var tables = JSONObject()
        for table in requestItems.keys.sorted() { tables[table] = .array(requestItems[table]!.map(\.json)) }
        return JSONObject([("RequestItems", .object(tables))])
    }

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> BatchWriteItemOutput {
        var unprocessed: [String: [WriteRequest]] = [:]
        for member in try response.object("UnprocessedItems") ?? JSONObject() {
            guard let array = member.value.arrayValue else {
                throw AttributeValueDecodingError(path: "UnprocessedItems.\(member.key)", message: "expected an array")
            }
            var requests: [WriteRequest] = []
            for (index, element) in array.enumerated() {
                do { requests.append(try WriteRequest(element)) } catch {
                    throw error.nested(in: "UnprocessedItems.\(member.key)[\(index)]")
                }
            }
            unprocessed[member.key] = requests
        }
        return BatchWriteItemOutput(unprocessedItems: unprocessed)
    }
}

public struct BatchWriteItemOutput: Sendable, Equatable {
    /// Writes DynamoDB did not get to: send them again (with backoff).
    public var unprocessedItems: [String: [WriteRequest]]

    public init(unprocessedItems: [String: [WriteRequest]]) { self.unprocessedItems = unprocessedItems }
}
