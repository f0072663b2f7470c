import Codec

public struct DescribeTableInput: DynamoDBOperation, Equatable {
    public var tableName: String

    public init(tableName: String) { self.tableName = tableName }

    public static let name = "DescribeTable"

    public func requestBody() -> JSONObject { JSONObject([("TableName", .string(tableName))]) }

    public static func decodeOutput(_ response: JSONObject) throws(AttributeValueDecodingError) -> DescribeTableOutput {
        guard let table = try response.object("Table") else {
            throw AttributeValueDecodingError(path: "Table", message: "missing")
        }
        return DescribeTableOutput(table: try TableDescription(table))
    }
}

public struct DescribeTableOutput: Sendable, Equatable {
    public var table: TableDescription

    public init(table: TableDescription) { self.table = table }
}

public struct KeySchemaElement: Sendable, Equatable {
    public var attributeName: String
    /// `HASH` (partition key) or `RANGE` (sort key).
    public var keyType: String

    public init(attributeName: String, keyType: String) {
        self.attributeName = attributeName
        self.keyType = keyType
    }
}

public struct IndexDescription: Sendable, Equatable {
    public var indexName: String
    public var keySchema: [KeySchemaElement]
    public var indexStatus: String?

    public init(indexName: String, keySchema: [KeySchemaElement], indexStatus: String?) {
        self.indexName = indexName
        self.keySchema = keySchema
        self.indexStatus = indexStatus
    }
}

/// The parts of a table's description the service uses; `raw` holds the whole answer.
public struct TableDescription: Sendable, Equatable {
    public var tableName: String
    public var tableStatus: String?
    public var tableArn: String?
    public var itemCount: Int?
    public var keySchema: [KeySchemaElement]
    /// Attribute name to type (`S`, `N` or `B`).
    public var attributeDefinitions: [String: String]
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
