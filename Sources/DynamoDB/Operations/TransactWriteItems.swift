import Codec

/// One action of a TransactWriteItems call. Every action may carry a condition; all succeed or none do.
/// A Put, Update or Delete is the same request as the single-item call, which is why the cases take those
/// inputs; inside a transaction DynamoDB accepts everything but `ReturnValues`, so that is left out.
public enum TransactWriteItem: Sendable, Equatable {
    case put(PutItemInput)
    case update(UpdateItemInput)
    case delete(DeleteItemInput)
    case conditionCheck(TransactConditionCheck)

    var json: JSON {
        switch self {
        case .put(let put): Self.action("Put", put.requestBody())
        case .update(let update): Self.action("Update", update.requestBody())
        case .delete(let delete): Self.action("Delete", delete.requestBody())
        case .conditionCheck(let check): Self.action("ConditionCheck", check.body())
        }
    }

    private static func action(_ name: String, _ request: JSONObject) -> JSON {
        var request = request
        request["ReturnValues"] = nil
        return .object(JSONObject([(name, .object(request))]))
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
