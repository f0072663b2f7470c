import Codec

/// One HTTP response, encoded back into whichever shape the event source expects.
public struct HTTPResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The response's headers.
    public var headers: HTTPHeaders
    /// The body's bytes (sent base64-encoded when ``isBinary``).
    public var body: [UInt8]
    /// Binary bodies travel base64-encoded with `isBase64Encoded: true`.
    public var isBinary: Bool
    /// Who made the request (a token's subject), for the access log only: never sent.
    public var caller: String?
    /// Set instead of `body` for a response written while it is sent (`streamed(_:headers:_:)`).
    public var bodyStream: HTTPBodyStream?

    /// Any response; ``json(_:_:headers:)`` builds a JSON one.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], isBinary: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.isBinary = isBinary
    }

    /// A response whose body `stream` writes while it is sent: streamed where the source allows it (REST API,
    /// function URL; see `HTTPResponseFormat.streams`), collected into `body` where it does not.
    public static func streamed(_ status: Int, headers: HTTPHeaders = HTTPHeaders(), _ stream: HTTPBodyStream) -> HTTPResponse {
        var response = HTTPResponse(status: status, headers: headers)
        response.bodyStream = stream
        return response
    }

    /// A JSON body with `Content-Type: application/json`.
    public static func json(_ status: Int, _ value: JSON, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: value.serialized())
    }
}
