import Codec

/// Why the products API could not be configured; the message names the variable to set.
public enum ProductsConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingVariable(String)

    public var description: String {
        switch self {
        case .missingVariable(let name): "\(name) is not set: it must name the DynamoDB products table"
        }
    }
}

/// Settings from the environment: `TABLE_NAME` (required) and `CURSOR_SECRET` (optional; set it to make
/// pagination cursors unforgeable — without it their key derives from the table name, which is not secret).
public struct ProductsConfiguration: Sendable, Equatable {
    public var tableName: String
    public var cursorSecret: String?

    public init(tableName: String, cursorSecret: String? = nil) {
        self.tableName = tableName
        self.cursorSecret = cursorSecret
    }

    public static func fromEnvironment(
        _ environment: (String) -> String? = Environment.value
    ) throws(ProductsConfigurationError) -> ProductsConfiguration {
        guard let tableName = environment("TABLE_NAME"), !tableName.isEmpty else { throw .missingVariable("TABLE_NAME") }
        let secret = environment("CURSOR_SECRET")
        return ProductsConfiguration(tableName: tableName, cursorSecret: secret?.isEmpty == false ? secret : nil)
    }
}
