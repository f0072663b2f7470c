import Codec

/// GetItem: one item by its full primary key.
public struct GetItemInput: DynamoDBOperation, Equatable {
    /// The table's name.
    public var tableName: String
    /// The item's full primary key: the partition key, and the sort key if the table has one.
    public var key: Item
    /// The attributes to return; every attribute when `nil`.
    public var projectionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions, such as reserved words.
    public var expressionAttributeNames: [String: String]
    /// A strongly consistent read (twice the read capacity) instead of an eventually consistent one.
    public var consistentRead: Bool

    /// An input with the given members; the ones left out take DynamoDB's defaults.
    public init(
        tableName: String, key: Item, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], consistentRead: Bool = false
    ) {
        self.tableName = tableName
        self.key = key
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.consistentRead = consistentRead
    }

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "GetItem"

    /// The request's JSON body.
    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Key", item: key)
        body.set("ProjectionExpression", projectionExpression)
        body.setExpressionAttributes(names: expressionAttributeNames, values: [:])
        body.set("ConsistentRead", flag: consistentRead, whenNot: false)
        return body
    }

    /// The output, decoded from the response's JSON body.
    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> GetItemOutput {
        GetItemOutput(item: try response.optionalItem("Item"))
    }
}

/// What GetItem returns.
public struct GetItemOutput: Sendable, Equatable {
    /// `nil` when no item has the key.
    public var item: Item?

    /// A value with the given members (the client decodes the real ones).
    public init(item: Item?) { self.item = item }
}
