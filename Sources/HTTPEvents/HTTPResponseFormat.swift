import Codec

/// How a response goes back to the source of a request. Known from the event's outline alone, so even a
/// request whose body cannot be decoded gets its error in the right shape.
public struct HTTPResponseFormat: Sendable, Equatable {
    public var source: HTTPEventSource
    /// REST API and ALB: answer with `multiValueHeaders` (the request had them), so repeated headers survive.
    public var multiValueHeaders: Bool

    public init(source: HTTPEventSource, multiValueHeaders: Bool = false) {
        self.source = source
        self.multiValueHeaders = multiValueHeaders
    }

    public init(event: JSON, source: HTTPEventSource) { self.init(reading: event, source: source) }

    public init(event: JSONView, source: HTTPEventSource) { self.init(reading: event, source: source) }

    init<Value: JSONReadable>(reading event: Value, source: HTTPEventSource) {
        self.init(source: source, multiValueHeaders: event["multiValueHeaders"]?.isObject == true)
    }

    public func encode(_ response: HTTPResponse) -> JSON {
        switch source {
        case .restAPI: RESTAPIEvent.response(response, multiValueHeaders: multiValueHeaders)
        case .applicationLoadBalancer: ALBEvent.response(response, multiValueHeaders: multiValueHeaders)
        case .httpAPI: HTTPAPIEvent.response(response)
        case .functionURL: FunctionURLEvent.response(response)
        }
    }
}
