import Codec

public struct UpdateItemInput: DynamoDBOperation, Equatable {
    public var tableName: String
    public var key: Item
    public var updateExpression: String
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    public var returnValues: ReturnValues
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

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

    public static let name = "UpdateItem"

    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Key", item: key)
        body.set("UpdateExpression", updateExpression)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            returnValues: returnValues, onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> WriteItemOutput {
        WriteItemOutput(attributes: try response.optionalItem("Attributes"))
    }
}
