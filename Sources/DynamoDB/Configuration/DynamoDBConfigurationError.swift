/// Why a client could not be configured; the message names the variable to set.
public enum DynamoDBConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingVariable(String)
    case invalidEndpoint(String)

    public var description: String {
        switch self {
        case .missingVariable(let name): "\(name) is not set"
        case .invalidEndpoint(let endpoint): "invalid DynamoDB endpoint '\(endpoint)' (expected http(s)://host[:port])"
        }
    }
}
