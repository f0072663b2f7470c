import Codec

public struct GetItemInput: DynamoDBOperation, Equatable {
    public var tableName: String
    public var key: Item
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var consistentRead: Bool

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

    public static let name = "GetItem"

    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Key", item: key)
        body.set("ProjectionExpression", projectionExpression)
        body.setExpressionAttributes(names: expressionAttributeNames, values: [:])
        body.set("ConsistentRead", flag: consistentRead, whenNot: false)
        return body
    }

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> GetItemOutput {
        GetItemOutput(item: try response.optionalItem("Item"))
    }
}

public struct GetItemOutput: Sendable, Equatable {
    /// `nil` when no item has the key.
    public var item: Item?

    public init(item: Item?) { self.item = item }
}
