import Codec

/// How a response goes back to the source of a request. Known from the event's outline alone, so even a
/// request whose body cannot be decoded gets its error in the right shape.
public struct HTTPResponseFormat: Sendable, Equatable {
    /// The event source whose response shape this writes.
    public var source: HTTPEventSource
    /// REST API and ALB: answer with `multiValueHeaders` (the request had them), so repeated headers survive.
    public var multiValueHeaders: Bool

    /// The shape for `source`; `multiValueHeaders` for REST APIs and ALBs that have it enabled.
    public init(source: HTTPEventSource, multiValueHeaders: Bool = false) {
        self.source = source
        self.multiValueHeaders = multiValueHeaders
    }

    /// The shape the event asks for (multi-value headers when it came with them).
    public init(event: JSON, source: HTTPEventSource) { self.init(reading: event, source: source) }

    /// The shape the event asks for, read in place.
    public init(event: JSONView, source: HTTPEventSource) { self.init(reading: event, source: source) }

    init<Value: JSONReadable>(reading event: Value, source: HTTPEventSource) {
        self.init(source: source, multiValueHeaders: event["multiValueHeaders"]?.isObject == true)
    }

    /// The response as the source's JSON (status code, headers, cookies, body, base64 flag).
    public func encode(_ response: HTTPResponse) -> JSON {
        switch source {
        case .restAPI: RESTAPIEvent.response(response, multiValueHeaders: multiValueHeaders)
        case .applicationLoadBalancer: ALBEvent.response(response, multiValueHeaders: multiValueHeaders)
        case .httpAPI: HTTPAPIEvent.response(response)
        case .functionURL: FunctionURLEvent.response(response)
        }
    }
}
