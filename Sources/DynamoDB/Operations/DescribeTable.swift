import Codec

/// DescribeTable: a table's key schema, indexes and status.
public struct DescribeTableInput: DynamoDBOperation, Equatable {
    /// The table's name.
    public var tableName: String

    /// An input with the given members; the ones left out take DynamoDB's defaults.
    public init(tableName: String) { self.tableName = tableName }

    /// The operation's name, as the `X-Amz-Target` header carries it.
    public static let name = "DescribeTable"

    /// The request's JSON body.
    public func requestBody() -> JSONObject { JSONObject([("TableName", .string(tableName))]) }

    /// The output, decoded from the response's JSON body.
    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> DescribeTableOutput {
        guard let table = try response.object("Table") else {
            throw AttributeValueDecodingError(path: "Table", message: "missing")
        }
        return DescribeTableOutput(table: try TableDescription(table))
    }
}

/// What DescribeTable returns.
public struct DescribeTableOutput: Sendable, Equatable {
    /// The table as DynamoDB describes it.
    public var table: TableDescription

    /// A value with the given members (the client decodes the real ones).
    public init(table: TableDescription) { self.table = table }
}

/// One key attribute: its name and whether it is the partition (`HASH`) or sort (`RANGE`) key.
public struct KeySchemaElement: Sendable, Equatable {
    /// The attribute's name.
    public var attributeName: String
    /// `HASH` (partition key) or `RANGE` (sort key).
    public var keyType: String

    /// A value with the given members (the client decodes the real ones).
    public init(attributeName: String, keyType: String) {
        self.attributeName = attributeName
        self.keyType = keyType
    }
}

/// A secondary index: its name, key schema and status.
public struct IndexDescription: Sendable, Equatable {
    /// A secondary index to read instead of the table.
    public var indexName: String
    /// The key attributes, partition key first.
    public var keySchema: [KeySchemaElement]
    /// `ACTIVE`, `CREATING`, `UPDATING` or `DELETING`.
    public var indexStatus: String?

    /// A value with the given members (the client decodes the real ones).
    public init(indexName: String, keySchema: [KeySchemaElement], indexStatus: String?) {
        self.indexName = indexName
        self.keySchema = keySchema
        self.indexStatus = indexStatus
    }
}

/// The parts of a table's description the service uses; `raw` holds the whole answer.
public struct TableDescription: Sendable, Equatable {
    /// The table's name.
    public var tableName: String
    /// `ACTIVE`, `CREATING`, `UPDATING` or `DELETING`.
    public var tableStatus: String?
    /// The table's ARN.
    public var tableArn: String?
    /// DynamoDB's approximate item count (updated about every six hours).
    public var itemCount: Int?
    /// The key attributes, partition key first.
    public var keySchema: [KeySchemaElement]
    /// Attribute name to type (`S`, `N` or `B`).
    public var attributeDefinitions: [String: String]
    /// The table's global secondary indexes.
    public var globalSecondaryIndexes: [IndexDescription]
    public var raw: JSONObject

    init(_ table: JSONObject) throws(AttributeValueDecodingError) {
        guard let name = table["TableName"]?.stringValue else {
            throw AttributeValueDecodingError(path: "Table.TableName", message: "missing")
        }
        tableName = name
        tableStatus = table["TableStatus"]?.stringValue
        tableArn = table["TableArn"]?.stringValue
        itemCount = try table.int("ItemCount")
        keySchema = Self.keySchema(table["KeySchema"])
        var definitions: [String: String] = [:]
        for definition in table["AttributeDefinitions"]?.arrayValue ?? [] {
            if let name = definition["AttributeName"]?.stringValue, let type = definition["AttributeType"]?.stringValue {
                definitions[name] = type
            }
        }
        attributeDefinitions = definitions
        globalSecondaryIndexes = (table["GlobalSecondaryIndexes"]?.arrayValue ?? []).compactMap { index in
            guard let name = index["IndexName"]?.stringValue else { return nil }
            return IndexDescription(indexName: name, keySchema: Self.keySchema(index["KeySchema"]), indexStatus: index["IndexStatus"]?.stringValue)
        }
        raw = table
    }

    private static func keySchema(_ json: JSON?) -> [KeySchemaElement] {
        (json?.arrayValue ?? []).compactMap { element in
            guard let name = element["AttributeName"]?.stringValue, let type = element["KeyType"]?.stringValue else { return nil }
            return KeySchemaElement(attributeName: name, keyType: type)
        }
    }
}
