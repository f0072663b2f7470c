import Codec
import HTTPEvents
import LambdaRuntime

/// Maps method and path to a handler. Built once at init; `route` turns every outcome, errors included,
/// into a response carrying the CORS headers.
public final class Router {
    /// The CORS headers every response gets, and the preflight answers `OPTIONS` requests get.
    public let cors: CORSPolicy
    private var routes: [Route] = []

    private struct Route {
        let method: String
        let pattern: RoutePattern
        let handler: RouteHandler
    }

    /// An empty router; add routes with ``add(_:_:_:)`` at init, before the first event.
    public init(cors: CORSPolicy = CORSPolicy()) {
        self.cors = cors
    }

    /// `pattern` like `/products/{id}`. Registering the same method and pattern shape twice is a
    /// programming error.
    public func add(_ method: String, _ pattern: String, _ handler: @escaping RouteHandler) {
        let method = ASCII.uppercased(method)  // String.uppercased() would reach the Unicode case tables
        let pattern = RoutePattern(pattern)
        precondition(
            !routes.contains { $0.method == method && $0.pattern.hasSameShape(as: pattern) },
            "route \(method) \(pattern.text) is registered twice")
        routes.append(Route(method: method, pattern: pattern, handler: handler))
    }

    /// Never throws: unknown paths are 404, other methods 405, `OPTIONS` a CORS preflight, and handler
    /// errors their `HTTPError` response or a generic 500.
    public func route(_ request: HTTPRequest, context: LambdaContext) -> HTTPResponse {
        let path = RoutePattern.pathSegments(request.path)
        var matches = routes.compactMap { route in route.pattern.match(path).map { (route: route, parameters: $0) } }
            // Stable sort: most specific pattern first, then registration order.
            .sorted { $0.route.pattern.isMoreSpecific(than: $1.route.pattern) }
        // The most specific pattern owns the path, as an API Gateway resource does: `PUT /products/export` is
        // a 405 from the export resource, not a `PUT /products/{id}` with the id "export".
        // Only when patterns of different specificity match (rare: never for the products routes' own paths).
        if matches.count > 1, matches[0].route.pattern.isMoreSpecific(than: matches[matches.count - 1].route.pattern) {
            let best = matches[0].route.pattern
            matches.removeAll { best.isMoreSpecific(than: $0.route.pattern) }
        }
        let method = ASCII.uppercased(request.method)
        let exact = matches.first(where: { $0.route.method == method })
        let headAsGet = method == "HEAD" && exact == nil ? matches.first(where: { $0.route.method == "GET" }) : nil
        // The metrics' route dimension: the matched pattern, never the raw path (bounded cardinality).
        let template = (exact ?? headAsGet ?? matches.first)?.route.pattern.text
        context.telemetry.recordRoute(method: method, template: template)
        var response: HTTPResponse
        if matches.isEmpty {
            response = HTTPError.notFound("No resource matches \(Echo.excerpt(request.path)).").response(requestID: context.requestID)
        } else if let match = exact {
            response = run(match.route, parameters: match.parameters, request, context)
        } else if let match = headAsGet {
            response = run(match.route, parameters: match.parameters, request, context)
            response.body = []
            response.bodyStream = nil
        } else if method == "OPTIONS" {
            response = cors.preflightResponse(methods: allowedMethods(matches.map(\.route)))
        } else {
            let error = HTTPError.methodNotAllowed(method, allowed: allowedMethods(matches.map(\.route)))
            response = error.response(requestID: context.requestID)
        }
        cors.apply(to: &response, requestOrigin: request.headers["Origin"])
        return response
    }

    /// An error response with the CORS headers, for failures before routing (`request` is nil when the
    /// event could not be decoded).
    public func response(for error: HTTPError, request: HTTPRequest?, context: LambdaContext) -> HTTPResponse {
        var response = error.response(requestID: context.requestID)
        cors.apply(to: &response, requestOrigin: request?.headers["Origin"])
        return response
    }

    private func run(_ route: Route, parameters: [String: String], _ request: HTTPRequest, _ context: LambdaContext) -> HTTPResponse {
        var request = request
        request.pathParameters = parameters
        do {
            return try route.handler(request, context)
        } catch let error as HTTPError {
            return error.response(requestID: context.requestID)
        } catch {
            // The cause goes to the log only: it may name tables, hosts or data the client must not see.
            context.logger.error(
                "unhandled error",
                [
                    ("error", .string(String(describing: error))), ("errorType", .string(String(reflecting: type(of: error)))),
                    ("method", .string(request.method)), ("route", .string(route.pattern.text)),
                ])
            return HTTPError.internalError().response(requestID: context.requestID)
        }
    }

    /// The methods a path serves, in registration order, plus HEAD (served by GET) and OPTIONS.
    private func allowedMethods(_ routes: [Route]) -> [String] {
        var methods: [String] = []
        for route in routes where !methods.contains(route.method) { methods.append(route.method) }
        if methods.contains("GET") && !methods.contains("HEAD") { methods.append("HEAD") }
        if !methods.contains("OPTIONS") { methods.append("OPTIONS") }
        return methods
    }
}
