import Codec
import HTTPTransport

/// Everything a `DynamoDBClient` needs, read from the environment the way the AWS SDKs read it.
public struct DynamoDBConfiguration: Sendable, Equatable {
    public var region: String
    public var endpoint: Endpoint
    public var credentials: Credentials
    /// Extra CA certificates to trust besides the system's (`AWS_CA_BUNDLE`). Verification is always on.
    public var caBundlePath: String?
    public var retryPolicy: RetryPolicy

    public init(
        region: String, credentials: Credentials, endpoint: Endpoint? = nil, caBundlePath: String? = nil,
        retryPolicy: RetryPolicy = .default
    ) {
        self.region = region
        self.credentials = credentials
        self.endpoint = endpoint ?? .aws(service: "dynamodb", region: region)
        self.caBundlePath = caBundlePath
        self.retryPolicy = retryPolicy
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` (else
    /// `AWS_DEFAULT_REGION`), `AWS_ENDPOINT_URL_DYNAMODB` (else `AWS_ENDPOINT_URL`) and `AWS_CA_BUNDLE`.
    /// Empty values count as unset.
    public static func fromEnvironment(
        _ environment: (String) -> String? = Environment.value, retryPolicy: RetryPolicy = .default
    ) throws(DynamoDBConfigurationError) -> DynamoDBConfiguration {
        func value(_ name: String) -> String? {
            guard let text = environment(name), !text.isEmpty else { return nil }
            return text
        }
        guard let accessKeyID = value("AWS_ACCESS_KEY_ID") else { throw .missingVariable("AWS_ACCESS_KEY_ID") }
        guard let secret = value("AWS_SECRET_ACCESS_KEY") else { throw .missingVariable("AWS_SECRET_ACCESS_KEY") }
        guard let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") else {
            throw .missingVariable("AWS_REGION")
        }
        let endpoint = try (value("AWS_ENDPOINT_URL_DYNAMODB") ?? value("AWS_ENDPOINT_URL")).map { (text) throws(DynamoDBConfigurationError) in
            do throws(InvalidEndpoint) { return try Endpoint(text) } catch { throw .invalidEndpoint(error.text) }
        }
        return DynamoDBConfiguration(
            region: region,
            credentials: Credentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN")),
            endpoint: endpoint, caBundlePath: value("AWS_CA_BUNDLE"), retryPolicy: retryPolicy)
    }
}
