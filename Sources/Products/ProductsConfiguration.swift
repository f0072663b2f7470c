import Codec

/// Why the products API could not be configured; the message names the variable to set.
public enum ProductsConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingVariable(String)
    case invalidVariable(String, String)

    public var description: String {
        switch self {
        case .missingVariable(let name): "\(name) is not set: it must name the DynamoDB products table"
        case .invalidVariable(let name, let reason): "\(name) \(reason)"
        }
    }
}

/// Settings from the environment: `TABLE_NAME` (required) and `CURSOR_SECRET` (optional; set it to make
/// pagination cursors unforgeable — without it their key derives from the table name, which is not secret).
/// `CURSOR_SECRET_ARN` names a Secrets Manager secret holding that key instead (what the template deploys).
public struct ProductsConfiguration: Sendable, Equatable {
    public var tableName: String
    public var cursorSecret: String?
    public var cursorSecretARN: String?

    public init(tableName: String, cursorSecret: String? = nil, cursorSecretARN: String? = nil) {
        self.tableName = tableName
        self.cursorSecret = cursorSecret
        self.cursorSecretARN = cursorSecretARN
    }

    public static func fromEnvironment(
        _ environment: (String) -> String? = Environment.value
    ) throws(ProductsConfigurationError) -> ProductsConfiguration {
        guard let tableName = environment("TABLE_NAME"), !tableName.isEmpty else { throw .missingVariable("TABLE_NAME") }
        let secret = environment("CURSOR_SECRET")
        let arn = environment("CURSOR_SECRET_ARN")
        return ProductsConfiguration(
            tableName: tableName, cursorSecret: secret?.isEmpty == false ? secret : nil, cursorSecretARN: arn?.isEmpty == false ? arn : nil)
    }
}
