import HTTPEvents
import LambdaRuntime

/// Serves one route. Throw `HTTPError` for an error response; anything else becomes a 500.
public typealias RouteHandler = (HTTPRequest, LambdaContext) throws -> HTTPResponse
