import Codec

/// Application Load Balancer target group. The target group sends either `headers` or, with multi-value
/// headers enabled, `multiValueHeaders`, and expects the same map back.
enum ALBEvent {
    static func request<Value: JSONReadable>(from event: EventFields<Value>) throws(HTTPEventError) -> HTTPRequest {
        let headers = try event.headers(single: "headers", multi: "multiValueHeaders")
        // Unlike API Gateway, the load balancer passes query names and values still URL-encoded.
        let query = try event.pairs(single: "queryStringParameters", multi: "multiValueQueryStringParameters")
        return HTTPRequest(
            method: ASCII.uppercased(try event.string("httpMethod") ?? ""),
            // A load balancer forwards the client's path as it is: no stage, no base path.
            path: RequestPath(clientPath: nil, eventPath: try event.string("path") ?? "/", stage: nil).routePath,
            query: query.map {
                (name: PercentDecoding.decode($0.0, plusIsSpace: true), value: PercentDecoding.decode($0.1, plusIsSpace: true))
            },
            headers: headers,
            cookies: headers.cookiePairs,
            body: try event.body(),
            // The load balancer appends the address it saw to X-Forwarded-For.
            sourceIP: headers["X-Forwarded-For"].flatMap { HTTPHeaders.listItems($0).last }
        )
    }

    /// `{statusCode, statusDescription, headers | multiValueHeaders, body, isBase64Encoded}`
    static func response(_ response: HTTPResponse, multiValueHeaders: Bool) -> JSON {
        var document = JSONObject()
        document["statusCode"] = .number(response.status)
        document["statusDescription"] = .string(HTTPStatus.line(response.status))
        let groups = ResponseFields.grouped(response.headers)
        if multiValueHeaders {
            document["multiValueHeaders"] = ResponseFields.multiValueHeaders(groups)
        } else {
            document["headers"] = ResponseFields.singleValueHeaders(groups)
        }
        ResponseFields.appendBody(of: response, to: &document)
        return .object(document)
    }
}
