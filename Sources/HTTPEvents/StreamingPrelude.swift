import Codec

extension HTTPResponseFormat {
    /// The content type Lambda's response streaming uses for an HTTP response: `prelude(_:)`, then the body.
    public static let streamingContentType = "application/vnd.awslambda.http-integration-response"
    /// What separates the prelude from the body.
    public static let preludeDelimiter = [UInt8](repeating: 0, count: 8)

    /// Whether this source can take a streamed response: a REST API integration with
    /// `ResponseTransferMode: STREAM` and a function URL with `InvokeMode: RESPONSE_STREAM` can; an ALB and
    /// an HTTP API cannot, so a streamed body is collected and answered whole.
    public var streams: Bool { source == .restAPI || source == .functionURL }

    /// The status, headers and cookies as JSON (`{"statusCode", "headers", "cookies"}`, the shape API Gateway
    /// and function URLs read), then the 8 NUL bytes; the body follows as it is written.
    public static func prelude(_ response: HTTPResponse) -> [UInt8] {
        var document = JSONObject()
        document["statusCode"] = .number(response.status)
        document["headers"] = ResponseFields.singleValueHeaders(ResponseFields.grouped(response.headers, excluding: "Set-Cookie"))
        document["cookies"] = .array(response.headers.values(for: "Set-Cookie").map(JSON.string))
        return JSON.object(document).serialized() + preludeDelimiter
    }
}
