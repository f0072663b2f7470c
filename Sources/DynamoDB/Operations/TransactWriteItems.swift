import Codec

/// One action of a TransactWriteItems call. Every action may carry a condition; all succeed or none do.
public enum TransactWriteItem: Sendable, Equatable {
    case put(TransactPut)
    case update(TransactUpdate)
    case delete(TransactDelete)
    case conditionCheck(TransactConditionCheck)

    var json: JSON {
        switch self {
        case .put(let put): .object(JSONObject([("Put", .object(put.body()))]))
        case .update(let update): .object(JSONObject([("Update", .object(update.body()))]))
        case .delete(let delete): .object(JSONObject([("Delete", .object(delete.body()))]))
        case .conditionCheck(let check): .object(JSONObject([("ConditionCheck", .object(check.body()))]))
        }
    }
}

public struct TransactPut: Sendable, Equatable {
    public var tableName: String
    public var item: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        tableName: String, item: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String] = [:],
        expressionAttributeValues: Item = [:], returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    func body() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Item", item: item)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }
}

public struct TransactUpdate: Sendable, Equatable {
    public var tableName: String
    public var key: Item
    public var updateExpression: String
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        tableName: String, key: Item, updateExpression: String, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], expressionAttributeValues: Item = [:],
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    func body() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Key", item: key)
        body.set("UpdateExpression", updateExpression)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }
}

public struct TransactDelete: Sendable, Equatable {
    public var tableName: String
    public var key: Item
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        tableName: String, key: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String] = [:],
        expressionAttributeValues: Item = [:], returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    func body() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Key", item: key)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }
}

/// A condition on an item the transaction does not write (it must hold for the others to happen).
public struct TransactConditionCheck: Sendable, Equatable {
    public var tableName: String
    public var key: Item
    public var conditionExpression: String
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    public init(
        tableName: String, key: Item, conditionExpression: String, expressionAttributeNames: [String: String] = [:],
        expressionAttributeValues: Item = [:], returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure = .none
    ) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    func body() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("Key", item: key)
        body.setCondition(conditionExpression, names: expressionAttributeNames, values: expressionAttributeValues,
            onConditionCheckFailure: returnValuesOnConditionCheckFailure)
        return body
    }
}

public struct TransactWriteItemsInput: DynamoDBOperation, Equatable {
    public var transactItems: [TransactWriteItem]
    /// Makes the call idempotent for ten minutes: a retry with the same token is not applied twice.
    public var clientRequestToken: String?

    public init(transactItems: [TransactWriteItem], clientRequestToken: String? = nil) {
        self.transactItems = transactItems
        self.clientRequestToken = clientRequestToken
    }

    public static let name = "TransactWriteItems"

    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body["TransactItems"] = .array(transactItems.map(\.json))
        body.set("ClientRequestToken", clientRequestToken)
        return body
    }

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> TransactWriteItemsOutput {
        TransactWriteItemsOutput()
    }
}

public struct TransactWriteItemsOutput: Sendable, Equatable {
    public init() {}
}
