import Codec

/// Query: the items of one partition key, in sort-key order, a page at a time.
public struct QueryInput: DynamoDBOperation, Equatable {
    /// The table's name.
    public var tableName: String
    /// Which items to read: the partition key, and a condition on the sort key.
    public var keyConditionExpression: String
    /// A secondary index to read instead of the table.
    public var indexName: String?
    /// Drops items from the page after they are read (they still count against `limit`).
    public var filterExpression: String?
    /// The attributes to return; every attribute when `nil`.
    public var projectionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions, such as reserved words.
    public var expressionAttributeNames: [String: String]
    /// Stand-ins (`:value`) for the values the expressions use.
    public var expressionAttributeValues: Item
    /// The most items to read for this page.
    public var limit: Int?
    /// Where this page starts: the previous page's `lastEvaluatedKey`.
    public var exclusiveStartKey: Item?
    /// A strongly consistent read (twice the read capacity) instead of an eventually consistent one.
    public var consistentRead: Bool
    /// `false` reads the sort key in descending order.
    public var scanIndexForward: Bool
    /// What to return: all attributes, projected ones, or only the count.
    public var select: Select?

    /// An input with the given members; the ones left out take DynamoDB's defaults.
    public init(
        tableName: String, keyConditionExpression: String, indexName: String? = nil, filterExpression: String? = nil,
        projectionExpression: String? = nil, expressionAttributeNames: [String: String] = [:],
        expressionAttributeValues: Item = [:], limit: Int? = nil, exclusiveStartKey: Item? = nil,
        consistentRead: Bool = false, scanIndexForward: Bool = true, select: Select? = nil
    ) {
        self.tableName = tableName
        self.keyConditionExpression = keyConditionExpression
        self.indexName = indexName
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.consistentRead = consistentRead
        self.scanIndexForward = scanIndexForward
        self.select = select
    }

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "Query"

    /// The request's JSON body.
    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("IndexName", indexName)
        body.set("KeyConditionExpression", keyConditionExpression)
        body.setReadOptions(filter: filterExpression, projection: projectionExpression, names: expressionAttributeNames,
            values: expressionAttributeValues, limit: limit, exclusiveStartKey: exclusiveStartKey,
            consistentRead: consistentRead, select: select)
        body.set("ScanIndexForward", flag: scanIndexForward, whenNot: true)
        return body
    }

    /// The output, decoded from the response's JSON body.
    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> ItemPage {
        try ItemPage(response)
    }
}

/// Scan: every item of a table or index, a page at a time.
public struct ScanInput: DynamoDBOperation, Equatable {
    /// The table's name.
    public var tableName: String
    /// A secondary index to read instead of the table.
    public var indexName: String?
    /// Drops items from the page after they are read (they still count against `limit`).
    public var filterExpression: String?
    /// The attributes to return; every attribute when `nil`.
    public var projectionExpression: String?
    /// Stand-ins (`#name`) for attribute names in the expressions, such as reserved words.
    public var expressionAttributeNames: [String: String]
    /// Stand-ins (`:value`) for the values the expressions use.
    public var expressionAttributeValues: Item
    /// The most items to read for this page.
    public var limit: Int?
    /// Where this page starts: the previous page's `lastEvaluatedKey`.
    public var exclusiveStartKey: Item?
    /// A strongly consistent read (twice the read capacity) instead of an eventually consistent one.
    public var consistentRead: Bool
    /// What to return: all attributes, projected ones, or only the count.
    public var select: Select?

    /// An input with the given members; the ones left out take DynamoDB's defaults.
    public init(
        tableName: String, indexName: String? = nil, filterExpression: String? = nil, projectionExpression: String? = nil,
        expressionAttributeNames: [String: String] = [:], expressionAttributeValues: Item = [:], limit: Int? = nil,
        exclusiveStartKey: Item? = nil, consistentRead: Bool = false, select: Select? = nil
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.consistentRead = consistentRead
        self.select = select
    }

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "Scan"

    /// The request's JSON body.
    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("IndexName", indexName)
        body.setReadOptions(filter: filterExpression, projection: projectionExpression, names: expressionAttributeNames,
            values: expressionAttributeValues, limit: limit, exclusiveStartKey: exclusiveStartKey,
            consistentRead: consistentRead, select: select)
        return body
    }

    /// The output, decoded from the response's JSON body.
    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> ItemPage {
        try ItemPage(response)
    }
}

/// One page of a Query or Scan. More pages follow while `lastEvaluatedKey` is set: pass it back as
/// `exclusiveStartKey`.
public struct ItemPage: Sendable, Equatable {
    /// The items, in the order DynamoDB returned them.
    public var items: [Item]
    /// Items returned (after the filter).
    public var count: Int
    /// Items read (before the filter).
    public var scannedCount: Int
    /// Where the next page starts; `nil` on the last page.
    public var lastEvaluatedKey: Item?

    /// A value with the given members (the client decodes the real ones).
    public init(items: [Item], count: Int, scannedCount: Int, lastEvaluatedKey: Item?) {
        self.items = items
        self.count = count
        self.scannedCount = scannedCount
        self.lastEvaluatedKey = lastEvaluatedKey
    }

    init(_ response: JSONObject) throws(AttributeValueDecodingError) {
        items = try response.items("Items")
        count = try response.int("Count") ?? items.count
        scannedCount = try response.int("ScannedCount") ?? count
        lastEvaluatedKey = try response.optionalItem("LastEvaluatedKey")
    }
}

/// What Query returns: one page.
public typealias QueryOutput = ItemPage
/// What Scan returns: one page.
public typealias ScanOutput = ItemPage

extension JSONObject {
    mutating func setReadOptions(
        filter: String?, projection: String?, names: [String: String], values: Item, limit: Int?,
        exclusiveStartKey: Item?, consistentRead: Bool, select: Select?
    ) {
        set("FilterExpression", filter)
        set("ProjectionExpression", projection)
        setExpressionAttributes(names: names, values: values)
        if let limit { self["Limit"] = .number(limit) }
        set("ExclusiveStartKey", item: exclusiveStartKey)
        set("ConsistentRead", flag: consistentRead, whenNot: false)
        if let select { self["Select"] = .string(select.rawValue) }
    }
}
