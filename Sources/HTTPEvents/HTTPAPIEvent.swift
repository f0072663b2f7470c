import Codec

/// API Gateway HTTP API, payload format 2.0 (function URLs share the shape; see `FunctionURLEvent`).
enum HTTPAPIEvent {
    static func request<Value: JSONReadable>(from event: EventFields<Value>, stripsStage: Bool = true) throws(HTTPEventError) -> HTTPRequest {
        let context = try event.object("requestContext")
        let http = try context?.object("http")
        let stage = stripsStage ? try context?.string("stage") : nil
        // `rawPath` keeps the stage (`/{stage}/…`) unless the stage is `$default`. Live captures suggest HTTP
        // APIs may hand it over already decoded; the lenient decoder leaves such a path unchanged unless it
        // holds a literal `%XX`, and decodes it when a tool sends it encoded.
        var rawPath = try event.string("rawPath")
        if rawPath == nil { rawPath = try http?.string("path") }
        let headers = try event.headers(single: "headers", multi: nil)
        // `routeKey` (`GET /products/{id}`) finds a custom domain's base path; `$default` knows no route.
        let route = try event.string("routeKey").flatMap { key in key.split(separator: " ", maxSplits: 1).last.map(String.init) }
        let path = RequestPath(
            clientPath: rawPath, eventPath: rawPath ?? "/", stage: stage, resource: stripsStage ? route : nil,
            pathParameters: try event.singleValueMap("pathParameters") ?? [])
        return HTTPRequest(
            method: ASCII.uppercased(try http?.string("method") ?? ""),
            path: path.routePath,
            query: PercentDecoding.queryParameters(try event.string("rawQueryString") ?? ""),
            headers: headers,
            cookies: try event.stringArray("cookies") ?? headers.cookiePairs,
            body: try event.body(),
            gatewayRequestID: try context?.string("requestId"),
            sourceIP: try http?.string("sourceIp"),
            basePath: path.basePath
        )
    }

    /// `{statusCode, headers, cookies, body, isBase64Encoded}`: Set-Cookie values move to `cookies`, since
    /// `headers` holds one value per name; other repeated headers are joined with ", ".
    static func response(_ response: HTTPResponse) -> JSON {
        var document = JSONObject()
        document["statusCode"] = .number(response.status)
        document["headers"] = ResponseFields.singleValueHeaders(ResponseFields.grouped(response.headers, excluding: "Set-Cookie"))
        document["cookies"] = .array(response.headers.values(for: "Set-Cookie").map(JSON.string))
        ResponseFields.appendBody(of: response, to: &document)
        return .object(document)
    }
}
