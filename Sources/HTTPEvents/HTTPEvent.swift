import Codec

/// An HTTP event decoded: the request, where it came from, and how its response must be shaped.
public struct HTTPEvent: Sendable {
    public let source: HTTPEventSource
    public var request: HTTPRequest
    public let responseFormat: HTTPResponseFormat

    /// Detects the source, then decodes.
    public init(_ event: JSON) throws(HTTPEventError) {
        try self.init(event, source: try HTTPEventSource.detect(event))
    }

    /// Decodes an event whose source is already known (from `HTTPEventSource.detect`).
    public init(_ event: JSON, source: HTTPEventSource) throws(HTTPEventError) {
        guard let object = event.objectValue else { throw .notAnObject }
        let fields = EventFields(object)
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
        self.responseFormat = HTTPResponseFormat(event: event, source: source)
    }

    /// The response document for this event's source.
    public func encode(_ response: HTTPResponse) -> JSON { responseFormat.encode(response) }
}
