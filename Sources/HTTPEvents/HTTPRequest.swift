/// One HTTP request, whichever event source (REST API, HTTP API, ALB, function URL) delivered it.
public struct HTTPRequest: Sendable {
    /// Upper case: `GET`, `POST`, …
    public var method: String
    /// Percent-decoded, always starting with `/`, with any API Gateway stage or base path removed, so
    /// routes match the same on every source.
    public var path: String
    /// What the client's URL has in front of `path`: `/Prod` on a REST API's default domain, `/v1` for an
    /// HTTP API's named stage or a custom domain's base path mapping, empty otherwise. Percent-encoded.
    public var basePath: String
    /// Decoded query parameters in order; a name may repeat.
    public var query: [(name: String, value: String)]
    /// The request's headers; look names up case-insensitively with the subscript.
    public var headers: HTTPHeaders
    /// Cookies as `name=value` strings.
    public var cookies: [String]
    /// Already base64-decoded when the event said `isBase64Encoded`.
    public var body: [UInt8]
    /// The front door's own request id (API Gateway's `requestContext.requestId`), when it has one.
    public var gatewayRequestID: String?
    /// The client's address as the event source saw it.
    public var sourceIP: String?
    /// Filled by the router from the matched pattern, e.g. `["id": "…"]` for `/products/{id}`.
    public var pathParameters: [String: String]

    /// A request built by hand (the event decoders build the real ones); useful in tests.
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [], headers: HTTPHeaders = HTTPHeaders(),
        cookies: [String] = [], body: [UInt8] = [], gatewayRequestID: String? = nil, sourceIP: String? = nil,
        pathParameters: [String: String] = [:], basePath: String = ""
    ) {
        self.method = method
        self.path = path
        self.basePath = basePath
        self.query = query
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.gatewayRequestID = gatewayRequestID
        self.sourceIP = sourceIP
        self.pathParameters = pathParameters
    }

    /// A link to one of this API's own paths (`/products/42`) that works from where the client called:
    /// it keeps the stage or base path. `path` must already be percent-encoded.
    public func link(to path: String) -> String { basePath + path }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
}
