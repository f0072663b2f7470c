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

    /// Throws only when the event is no HTTP request at all (`InvalidEvent`: not JSON; `UnsupportedEvent`:
    /// another source), so the runtime reports it and keeps serving. Every HTTP request gets a response.
    public func handle(event: [UInt8], context: LambdaContext) throws -> [UInt8] {
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
        let response: HTTPResponse
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
        return format.serialized(response)
    }
}
