import Auth
import DynamoDB
import HTTPRouter
import SecretsManager

/// The products REST API, ready to mount on a router:
///
///     let api = try ProductsAPI.fromEnvironment(client: client)
///     api.register(on: router)
///
/// Routes: POST/GET `/products`, GET `/products/export` (NDJSON, streamed), GET/PUT/PATCH/DELETE `/products/{id}`.
public struct ProductsAPI {
    public let service: ProductsService
    /// `nil` when `AUTH_MODE=none`.
    public let authenticator: Authenticator?

    public init(
        client: DynamoDBClient, configuration: ProductsConfiguration, authenticator: Authenticator?, secrets: SecretsManagerClient? = nil,
        clock: Clock = .system
    ) {
        let cursors: CursorKeys
        if let arn = configuration.cursorSecretARN, let secrets {
            cursors = CursorKeys(secretARN: arn, client: secrets, tableName: configuration.tableName)
        } else {
            cursors = CursorKeys(secret: configuration.cursorSecret, tableName: configuration.tableName)
        }
        service = ProductsService(store: ProductStore(client: client, tableName: configuration.tableName), cursors: cursors, clock: clock)
        self.authenticator = authenticator
    }

    /// Reads `TABLE_NAME` (required), `CURSOR_SECRET` and the `AUTH_*` settings; throws an error naming the
    /// missing or malformed variable.
    /// With `CURSOR_SECRET_ARN` the cursor key is read through a Secrets Manager client that signs with the
    /// DynamoDB client's credentials and region (`AWS_ENDPOINT_URL_SECRETS_MANAGER` overrides the endpoint).
    public static func fromEnvironment(client: DynamoDBClient, auth: AuthConfiguration) throws(ProductsConfigurationError) -> ProductsAPI {
        let authenticator: Authenticator? = switch auth {
        case .none: nil
        case .jwt(let settings): Authenticator(settings: settings)
        }
        let configuration = try ProductsConfiguration.fromEnvironment()
        var secrets: SecretsManagerClient?
        if configuration.cursorSecretARN != nil {
            let aws = client.configuration
            let endpoint: Endpoint?
            do throws(InvalidEndpoint) { endpoint = try SecretsManagerClient.endpointOverride() } catch {
                throw .invalidVariable("AWS_ENDPOINT_URL_SECRETS_MANAGER", "'\(error.text)' is not http(s)://host[:port]")
            }
            secrets = SecretsManagerClient(region: aws.region, credentials: aws.credentials, endpoint: endpoint, caBundlePath: aws.caBundlePath)
        }
        return ProductsAPI(client: client, configuration: configuration, authenticator: authenticator, secrets: secrets)
    }

    public func register(on router: Router) {
        ProductRoutes(service: service, authenticator: authenticator).register(on: router)
    }
}
