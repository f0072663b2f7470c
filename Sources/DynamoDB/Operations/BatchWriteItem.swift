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

/// BatchWriteItem: up to 25 puts and deletes across tables, not atomic.
public struct BatchWriteItemInput: DynamoDBOperation, Equatable {
    /// Table name to its writes (at most 25 in all).
    public var requestItems: [String: [WriteRequest]]

    /// An input with the given members; the ones left out take DynamoDB's defaults.
    public init(requestItems: [String: [WriteRequest]]) { self.requestItems = requestItems }

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "BatchWriteItem"

    /// The request's JSON body.
    public func requestBody() -> JSONObject {
        var tables = JSONObject()
        for table in requestItems.keys.sorted() { tables[table] = .array(requestItems[table]!.map(\.json)) }
        return JSONObject([("RequestItems", .object(tables))])
    }

    /// The output, decoded from the response's JSON body.
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

/// What BatchWriteItem returns: the writes DynamoDB did not process (send them again).
public struct BatchWriteItemOutput: Sendable, Equatable {
    /// Writes DynamoDB did not get to: send them again (with backoff).
    public var unprocessedItems: [String: [WriteRequest]]

    /// A value with the given members (the client decodes the real ones).
    public init(unprocessedItems: [String: [WriteRequest]]) { self.unprocessedItems = unprocessedItems }
}
