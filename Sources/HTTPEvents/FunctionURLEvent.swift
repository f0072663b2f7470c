import Codec

/// Lambda function URLs: the payload 2.0 shape without stages (`requestContext.domainName` is
/// `<url-id>.lambda-url.<region>.on.aws`).
enum FunctionURLEvent {
    static func request<Value: JSONReadable>(from event: EventFields<Value>) throws(HTTPEventError) -> HTTPRequest {
        try HTTPAPIEvent.request(from: event, stripsStage: false)
    }

    static func response(_ response: HTTPResponse) -> JSON { HTTPAPIEvent.response(response) }
}
