import Codec

/// UpdateItem: changes attributes of one item with an update expression, creating it if absent.
public struct UpdateItemInput: DynamoDBOperation, Equatable {
    /// The table's name.
    public var tableName: String
    /// The item's full primary key: the partition key, and the sort key if the table has one.
    public var key: Item
    /// The changes: `SET`, `REMOVE`, `ADD` and `DELETE` clauses.
    public var updateExpression: String
    /// The write happens only if this holds; otherwise it fails with `DynamoDBError.conditionalCheckFailed`.
    public var conditionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions, such as reserved words.
    public var expressionAttributeNames: [String: String]
    /// Stand-ins (`:value`) for the values the expressions use.
    public var expressionAttributeValues: Item
    /// Which attributes the write returns.
    public var returnValues: ReturnValues
    /// Whether a failed condition reports the item as it stands (`.allOld`).
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    /// An input with the given members; the ones left out take DynamoDB's defaults.
    public init(
        tableName: String, key: Item, updateExpression: String, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], expressionAttributeValues: Item = [:],
        returnValues: ReturnValues = .none, returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "UpdateItem"

    /// The request's JSON body.
    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Key", item: key)
        body.set("UpdateExpression", updateExpression)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            returnValues: returnValues, onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }

    /// The output, decoded from the response's JSON body.
    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> WriteItemOutput {
        WriteItemOutput(attributes: try response.optionalItem("Attributes"))
    }
}
