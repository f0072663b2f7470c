import Codec

public struct PutItemInput: DynamoDBOperation, Equatable {
    public var tableName: String
    public var item: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    /// PutItem accepts only `.none` and `.allOld`.
    public var returnValues: ReturnValues
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        tableName: String, item: Item, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], expressionAttributeValues: Item = [:],
        returnValues: ReturnValues = .none, returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    public static let name = "PutItem"

    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Item", item: item)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            returnValues: returnValues, onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> WriteItemOutput {
        WriteItemOutput(attributes: try response.optionalItem("Attributes"))
    }
}

/// What PutItem, UpdateItem and DeleteItem return: the attributes asked for with `returnValues`.
public struct WriteItemOutput: Sendable, Equatable {
    public var attributes: Item?

    public init(attributes: Item?) { self.attributes = attributes }
}

public typealias PutItemOutput = WriteItemOutput
public typealias UpdateItemOutput = WriteItemOutput
public typealias DeleteItemOutput = WriteItemOutput

extension JSONObject {
    /// The members every conditional write shares.
    mutating func setCondition(
        _ conditionExpression: String?, names: [String: String], values: Item, returnValues: ReturnValues? = nil,
        onConditionCheckFailure: ReturnValuesOnConditionCheckFailure
    ) {
        set("ConditionExpression", conditionExpression)
        setExpressionAttributes(names: names, values: values)
        if let returnValues, returnValues != .none { self["ReturnValues"] = .string(returnValues.rawValue) }
        if onConditionCheckFailure != .none {
            self["ReturnValuesOnConditionCheckFailure"] = .string(onConditionCheckFailure.rawValue)
        }
    }
}
