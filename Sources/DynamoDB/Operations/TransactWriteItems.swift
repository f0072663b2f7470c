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
    /// The table's name.
    public var tableName: String
    /// The item's full primary key: the partition key, and the sort key if the table has one.
    public var key: Item
    /// The write happens only if this holds; otherwise it fails with `DynamoDBError.conditionalCheckFailed`.
    public var conditionExpression: String
    /// Stand-ins (`#name`) for attribute names in the expressions, such as reserved words.
    public var expressionAttributeNames: [String: String]
    /// Stand-ins (`:value`) for the values the expressions use.
    public var expressionAttributeValues: Item
    /// Whether a failed condition reports the item as it stands (`.allOld`).
    public var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure

    /// A value with the given members (the client decodes the real ones).
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

/// TransactWriteItems: up to 100 puts, updates, deletes and condition checks that succeed or fail together.
public struct TransactWriteItemsInput: DynamoDBOperation, Equatable {
    /// The writes and checks, at most 100, on distinct items.
    public var transactItems: [TransactWriteItem]
    /// Makes the call idempotent for ten minutes: a retry with the same token is not applied twice.
    public var clientRequestToken: String?

    /// An input with the given members; the ones left out take DynamoDB's defaults.
    public init(transactItems: [TransactWriteItem], clientRequestToken: String? = nil) {
        self.transactItems = transactItems
        self.clientRequestToken = clientRequestToken
    }

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "TransactWriteItems"

    /// The request's JSON body.
    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body["TransactItems"] = .array(transactItems.map(\.json))
        body.set("ClientRequestToken", clientRequestToken)
        return body
    }

    /// The output, decoded from the response's JSON body.
    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> TransactWriteItemsOutput {
        TransactWriteItemsOutput()
    }
}

/// What TransactWriteItems returns (nothing beyond success).
public struct TransactWriteItemsOutput: Sendable, Equatable {
    /// A value with the given members (the client decodes the real ones).
    public init() {}
}
