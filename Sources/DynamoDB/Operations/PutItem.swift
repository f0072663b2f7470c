import Codec

/// PutItem: writes a whole item, replacing any with the same key unless a condition says otherwise.
public struct PutItemInput: DynamoDBOperation, Equatable {
    /// The table's name.
    public var tableName: String
    /// The whole item, key included.
    public var item: Item
    /// The write happens only if this holds; otherwise it fails with `DynamoDBError.conditionalCheckFailed`.
    public var conditionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions, such as reserved words.
    public var expressionAttributeNames: [String: String]
    /// Stand-ins (`:value`) for the values the expressions use.
    public var expressionAttributeValues: Item
    /// PutItem accepts only `.none` and `.allOld`.
    public var returnValues: ReturnValues
    /// Whether a failed condition reports the item as it stands (`.allOld`).
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    /// An input with the given members; the ones left out take DynamoDB's defaults.
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

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "PutItem"

    /// The request's JSON body.
    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Item", item: item)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            returnValues: returnValues, onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }

    /// The output, decoded from the response's JSON body.
    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> WriteItemOutput {
        WriteItemOutput(attributes: try response.optionalItem("Attributes"))
    }
}

/// What PutItem, UpdateItem and DeleteItem return: the attributes asked for with `returnValues`.
public struct WriteItemOutput: Sendable, Equatable {
    /// The attributes `returnValues` asked for; `nil` when it asked for none.
    public var attributes: Item?

    /// A value with the given members (the client decodes the real ones).
    public init(attributes: Item?) { self.attributes = attributes }
}

/// What PutItem returns.
public typealias PutItemOutput = WriteItemOutput
/// What UpdateItem returns.
public typealias UpdateItemOutput = WriteItemOutput
/// What DeleteItem returns.
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
