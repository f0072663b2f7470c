import Codec

/// The keys to read from one table in a BatchGetItem, and how.
public struct KeysAndAttributes: Sendable, Equatable {
    /// The keys of the items to read.
    public var keys: [Item]
    /// The attributes to return; every attribute when `nil`.
    public var projectionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions, such as reserved words.
    public var expressionAttributeNames: [String: String]
    /// A strongly consistent read (twice the read capacity) instead of an eventually consistent one.
    public var consistentRead: Bool

    /// A value with the given members (the client decodes the real ones).
    public init(
        keys: [Item], projectionExpression: String? = nil, expressionAttributeNames: [String: String] = [:],
        consistentRead: Bool = false
    ) {
        self.keys = keys
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.consistentRead = consistentRead
    }

    var json: JSON {
        var object = JSONObject()
        object["Keys"] = .array(keys.map(AttributeValue.json(item:)))
        object.set("ProjectionExpression", projectionExpression)
        object.setExpressionAttributes(names: expressionAttributeNames, values: [:])
        object.set("ConsistentRead", flag: consistentRead, whenNot: false)
        return .object(object)
    }

    init(_ object: JSONObject) throws(AttributeValueDecodingError) {
        keys = try object.items("Keys")
        projectionExpression = object["ProjectionExpression"]?.stringValue
        expressionAttributeNames = try object.stringMap("ExpressionAttributeNames")
        consistentRead = object["ConsistentRead"]?.boolValue ?? false
    }
}

/// BatchGetItem: up to 100 items by key across tables.
public struct BatchGetItemInput: DynamoDBOperation, Equatable {
    /// Table name to the keys to read there (at most 100 keys in all).
    public var requestItems: [String: KeysAndAttributes]

    /// An input with the given members; the ones left out take DynamoDB's defaults.
    public init(requestItems: [String: KeysAndAttributes]) { self.requestItems = requestItems }

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "BatchGetItem"

    /// The request's JSON body.
    public func requestBody() -> JSONObject {
        var tables = JSONObject()
        for table in requestItems.keys.sorted() { tables[table] = requestItems[table]!.json }
        return JSONObject([("RequestItems", .object(tables))])
    }

    /// The output, decoded from the response's JSON body.
    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> BatchGetItemOutput {
        var responses: [String: [Item]] = [:]
        for member in try response.object("Responses") ?? JSONObject() {
            do { responses[member.key] = try JSONObject([("Items", member.value)]).items("Items") } catch {
                throw error.nested(in: "Responses.\(member.key)")
            }
        }
        var unprocessed: [String: KeysAndAttributes] = [:]
        for member in try response.object("UnprocessedKeys") ?? JSONObject() {
            guard let object = member.value.objectValue else {
                throw AttributeValueDecodingError(path: "UnprocessedKeys.\(member.key)", message: "expected an object")
            }
            do { unprocessed[member.key] = try KeysAndAttributes(object) } catch {
                throw error.nested(in: "UnprocessedKeys.\(member.key)")
            }
        }
        return BatchGetItemOutput(responses: responses, unprocessedKeys: unprocessed)
    }
}

/// What BatchGetItem returns: the items found, and the keys DynamoDB did not process (ask again).
public struct BatchGetItemOutput: Sendable, Equatable {
    /// Table name to the items found (in no particular order).
    public var responses: [String: [Item]]
    /// Keys DynamoDB did not get to: send them again (with backoff).
    public var unprocessedKeys: [String: KeysAndAttributes]

    /// A value with the given members (the client decodes the real ones).
    public init(responses: [String: [Item]], unprocessedKeys: [String: KeysAndAttributes]) {
        self.responses = responses
        self.unprocessedKeys = unprocessedKeys
    }
}
