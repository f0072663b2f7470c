import Codec

public struct QueryInput: DynamoDBOperation, Equatable {
    public var tableName: String
    public var keyConditionExpression: String
    public var indexName: String?
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    public var limit: Int?
    public var exclusiveStartKey: Item?
    public var consistentRead: Bool
    /// `false` reads the sort key in descending order.
    public var scanIndexForward: Bool
    public var select: Select?

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

    public static let name = "Query"

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

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> ItemPage {
        try ItemPage(response)
    }
}

public struct ScanInput: DynamoDBOperation, Equatable {
    public var tableName: String
    public var indexName: String?
    public var filterExpression: String?
    public var projectionExpression: String?
    public var expressionAttributeNames: [String: String]
    public var expressionAttributeValues: Item
    public var limit: Int?
    public var exclusiveStartKey: Item?
    public var consistentRead: Bool
    public var select: Select?

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

    public static let name = "Scan"

    public func requestBody() -> JSONObject {
        var body = JSONObject()
        body.set("TableName", tableName)
        body.set("IndexName", indexName)
        body.setReadOptions(filter: filterExpression, projection: projectionExpression, names: expressionAttributeNames,
            values: expressionAttributeValues, limit: limit, exclusiveStartKey: exclusiveStartKey,
            consistentRead: consistentRead, select: select)
        return body
    }

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> ItemPage {
        try ItemPage(response)
    }
}

/// One page of a Query or Scan. More pages follow while `lastEvaluatedKey` is set: pass it back as
/// `exclusiveStartKey`.
public struct ItemPage: Sendable, Equatable {
    public var items: [Item]
    /// Items returned (after the filter).
    public var count: Int
    /// Items read (before the filter).
    public var scannedCount: Int
    public var lastEvaluatedKey: Item?

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

public typealias QueryOutput = ItemPage
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
