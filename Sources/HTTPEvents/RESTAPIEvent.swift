import Codec

/// API Gateway REST API proxy integration, payload format 1.0.
enum RESTAPIEvent {
    static func request<Value: JSONReadable>(from event: EventFields<Value>) throws(HTTPEventError) -> HTTPRequest {
        let context = try event.object("requestContext")
        let headers = try event.headers(single: "headers", multi: "multiValueHeaders")
        // API Gateway has already decoded the query parameters.
        let query = try event.pairs(single: "queryStringParameters", multi: "multiValueQueryStringParameters")
        // `requestContext.path` is what the client sent (`/Prod/products` on the default domain, `/v1/products`
        // behind a base path mapping); `path` drops the stage but keeps a base path; `resource` is the route.
        let path = RequestPath(
            clientPath: try context?.string("path"), eventPath: try event.string("path") ?? "/",
            stage: try context?.string("stage"), resource: try event.string("resource"),
            pathParameters: try event.singleValueMap("pathParameters") ?? [])
        return HTTPRequest(
            method: ASCII.uppercased(try event.string("httpMethod") ?? ""),
            path: path.routePath,
            query: query.map { (name: $0.0, value: $0.1) },
            headers: headers,
            cookies: headers.cookiePairs,
            body: try event.body(),
            gatewayRequestID: try context?.string("requestId"),
            sourceIP: try context?.object("identity")?.string("sourceIp"),
            basePath: path.basePath
        )
    }

    /// `{statusCode, headers, multiValueHeaders, body, isBase64Encoded}`. With `multiValueHeaders`, a
    /// repeated header (Set-Cookie) goes only there: API Gateway merges both maps, so listing it in `headers`
    /// too would send it twice.
    static func response(_ response: HTTPResponse, multiValueHeaders: Bool) -> JSON {
        var document = JSONObject()
        document["statusCode"] = .number(response.status)
        let groups = ResponseFields.grouped(response.headers)
        if multiValueHeaders {
            document["headers"] = ResponseFields.singleValueHeaders(groups.filter { $0.values.count == 1 })
            document["multiValueHeaders"] = ResponseFields.multiValueHeaders(groups)
        } else {
            document["headers"] = ResponseFields.singleValueHeaders(groups)
        }
        ResponseFields.appendBody(of: response, to: &document)
        return .object(document)
    }
}
