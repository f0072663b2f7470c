import Codec

public struct DeleteItemInput: DynamoDBOperation, Equatable {
    public var tableName: String
    public var key: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    /// DeleteItem accepts only `.none` and `.allOld`.
    public var returnValues: ReturnValues
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        tableName: String, key: Item, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], expressionAttributeValues: Item = [:],
        returnValues: ReturnValues = .none, returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    public static let name = "DeleteItem"

    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Key", item: key)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            returnValues: returnValues, onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> WriteItemOutput {
        WriteItemOutput(attributes: try response.optionalItem("Attributes"))
    }
}
