import Auth
import DynamoDB
import HTTPRouter

/// The products REST API, ready to mount on a router:
///
///     let api = try ProductsAPI.fromEnvironment(client: client)
///     api.register(on: router)
///
/// Routes: POST/GET `/products`, GET/PUT/PATCH/DELETE `/products/{id}`.
public struct ProductsAPI {
    public let service: ProductsService
    /// `nil` when `AUTH_MODE=none`.
    public let authenticator: Authenticator?

    public init(client: DynamoDBClient, configuration: ProductsConfiguration, authenticator: Authenticator?, clock: Clock = .system) {
        service = ProductsService(
            store: ProductStore(client: client, tableName: configuration.tableName),
            cursors: CursorCodec(secret: configuration.cursorSecret, tableName: configuration.tableName), clock: clock)
        self.authenticator = authenticator
    }

    /// Reads `TABLE_NAME` (required), `CURSOR_SECRET` and the `AUTH_*` settings; throws an error naming the
    /// missing or malformed variable.
    public static func fromEnvironment(client: DynamoDBClient, auth: AuthConfiguration) throws(ProductsConfigurationError) -> ProductsAPI {
        let authenticator: Authenticator? = switch auth {
        case .none: nil
        case .jwt(let settings): Authenticator(settings: settings)
        }
        return ProductsAPI(client: client, configuration: try ProductsConfiguration.fromEnvironment(), authenticator: authenticator)
    }

    public func register(on router: Router) {
        ProductRoutes(service: service, authenticator: authenticator).register(on: router)
    }
}
