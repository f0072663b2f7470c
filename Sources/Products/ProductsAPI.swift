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

    public init(client: DynamoDBClient, configuration: ProductsConfiguration, clock: Clock = .system) {
        service = ProductsService(
            store: ProductStore(client: client, tableName: configuration.tableName),
            cursors: CursorCodec(secret: configuration.cursorSecret, tableName: configuration.tableName), clock: clock)
    }

    /// Reads `TABLE_NAME` (required) and `CURSOR_SECRET`; throws a `ProductsConfigurationError` naming
    /// the missing variable.
    public static func fromEnvironment(client: DynamoDBClient) throws(ProductsConfigurationError) -> ProductsAPI {
        ProductsAPI(client: client, configuration: try ProductsConfiguration.fromEnvironment())
    }

    public func register(on router: Router) {
        ProductRoutes(service: service).register(on: router)
    }
}
