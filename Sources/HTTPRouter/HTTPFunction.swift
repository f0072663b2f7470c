import Codec
import HTTPEvents
import LambdaRuntime

/// The Lambda handler for every HTTP event source: decode the event, route it, answer in the source's shape.
public final class HTTPFunction: LambdaHandler {
    /// The routes every HTTP event is dispatched to.
    public let router: Router

    /// A handler that serves `router`; ``HTTPFunction/run(initStartedAt:makeRouter:)`` builds one for you.
    public init(router: Router) {
        self.router = router
    }

    /// The response as one document: a streamed one as the bytes its stream carries (prelude, delimiter, body).
    public func handle(event: [UInt8], context: LambdaContext) throws -> [UInt8] {
        switch try respond(to: event, context: context) {
        case .buffered(let bytes): return bytes
        case .streamed(let stream): return try stream.collect()
        }
    }

    /// Throws only when the event is no HTTP request at all (`InvalidEvent`: not JSON; `UnsupportedEvent`:
    /// another source), so the runtime reports it and keeps serving. Every HTTP request gets a response. A
    /// response with a body stream is streamed (prelude, then the body as it is written) where the source can
    /// take one, and collected into one document where it cannot.
    public func respond(to event: [UInt8], context: LambdaContext) throws -> LambdaResponse {
        let started = UTCTime.monotonicNanoseconds()
        // Validated whole, read in place: only the members the request needs become strings.
        let document: JSONView
        do {
            document = try JSONDocument(parsing: event).root
        } catch {
            throw InvocationError(errorType: "InvalidEvent", errorMessage: "The event is not valid JSON: \(error).")
        }
        let source: HTTPEventSource
        do {
            source = try HTTPEventSource.detect(document)
        } catch {
            throw InvocationError(errorType: "UnsupportedEvent", errorMessage: error.description)
        }
        let format: HTTPResponseFormat
        var response: HTTPResponse
        var method = "-"
        var path = "-"
        do {
            let event = try HTTPEvent(document, source: source)
            format = event.responseFormat
            (method, path) = (Echo.excerpt(event.request.method), Echo.excerpt(event.request.path))
            response = router.route(event.request, context: context)
        } catch {
            // An HTTP event that does not decode still gets an HTTP answer, in its source's shape.
            format = HTTPResponseFormat(event: document, source: source)
            response = router.response(for: .badRequest(error.description), request: nil, context: context)
        }
        context.telemetry.recordResponse(status: response.status, durationNanoseconds: UTCTime.monotonicNanoseconds() - started)
        var fields: [(String, JSON)] = [
            ("method", .string(method)), ("path", .string(path)), ("status", .number(response.status)),
            ("durationMs", .number(UTCTime.millisecondsText(since: started))), ("source", .string(source.rawValue)),
        ]
        if let caller = response.caller { fields.append(("caller", .string(caller))) }
        context.logger.info("request", fields)
        if let stream = response.bodyStream {
            if format.streams { return .streamed(Self.streaming(response, stream)) }
            response = collected(response, stream, context: context)
        }
        return .buffered(format.serialized(response))
    }

    private static func streaming(_ response: HTTPResponse, _ stream: HTTPBodyStream) -> ResponseStream {
        ResponseStream(contentType: HTTPResponseFormat.streamingContentType) { writer in
            try writer.write(HTTPResponseFormat.prelude(response))
            try stream.produce { try writer.write($0) }
        }
    }

    /// The whole body in memory, for a source that cannot stream; if writing it fails, a 500 (nothing has
    /// been sent yet, so the client can still be told).
    private func collected(_ response: HTTPResponse, _ stream: HTTPBodyStream, context: LambdaContext) -> HTTPResponse {
        var response = response
        response.bodyStream = nil
        do {
            response.body = try stream.collect()
            return response
        } catch {
            context.logger.error("streamed body failed", [
                ("error", .string(String(describing: error))), ("errorType", .string(String(reflecting: type(of: error)))),
            ])
            return router.response(for: .internalError(), request: nil, context: context)
        }
    }
}
