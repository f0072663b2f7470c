import Codec

/// An HTTP event decoded: the request, where it came from, and how its response must be shaped.
public struct HTTPEvent: Sendable {
    /// Which service sent the event.
    public let source: HTTPEventSource
    /// The request, the same whatever the source.
    public var request: HTTPRequest
    /// How the source wants the answer shaped.
    public let responseFormat: HTTPResponseFormat

    /// Detects the source, then decodes.
    public init(_ event: JSON) throws(HTTPEventError) {
        try self.init(decoding: event, source: try HTTPEventSource.detect(event))
    }

    /// Decodes an event whose source is already known (from `HTTPEventSource.detect`).
    public init(_ event: JSON, source: HTTPEventSource) throws(HTTPEventError) {
        try self.init(decoding: event, source: source)
    }

    /// The same, read in place from a parsed document: only the members the request needs are decoded.
    public init(_ event: JSONView, source: HTTPEventSource) throws(HTTPEventError) {
        try self.init(decoding: event, source: source)
    }

    private init<Value: JSONReadable>(decoding event: Value, source: HTTPEventSource) throws(HTTPEventError) {
        guard event.isObject else { throw .notAnObject }
        let fields = EventFields(event)
        let request: HTTPRequest
        switch source {
        case .restAPI: request = try RESTAPIEvent.request(from: fields)
        case .httpAPI: request = try HTTPAPIEvent.request(from: fields)
        case .applicationLoadBalancer: request = try ALBEvent.request(from: fields)
        case .functionURL: request = try FunctionURLEvent.request(from: fields)
        }
        guard !request.method.isEmpty else { throw .missingMethod }
        self.source = source
        self.request = request
        self.responseFormat = HTTPResponseFormat(reading: event, source: source)
    }

    /// The response document for this event's source.
    public func encode(_ response: HTTPResponse) -> JSON { responseFormat.encode(response) }
}
