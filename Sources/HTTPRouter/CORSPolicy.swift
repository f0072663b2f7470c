import Codec
import HTTPEvents

/// Which browser origins may call the API, and the CORS headers every response carries (errors included,
/// or browsers hide the error from the calling script).
public struct CORSPolicy: Sendable, Equatable {
    /// `nil` allows any origin (`*`); a list echoes the request's `Origin` only when listed.
    public var allowedOrigins: [String]?
    /// Request headers a browser may send cross-origin (`Access-Control-Allow-Headers`).
    public var allowedHeaders: [String]
    /// Response headers a browser script may read (`Access-Control-Expose-Headers`).
    public var exposedHeaders: [String]
    /// How long browsers may cache a preflight answer.
    public var maxAgeSeconds: Int

    /// What ``allowedHeaders`` is unless you say otherwise.
    public static let defaultAllowedHeaders = [
        "Content-Type", "Authorization", "If-Match", "Idempotency-Key", "X-Amz-Date", "X-Api-Key", "X-Amz-Security-Token",
        "X-Requested-With",
    ]
    /// What ``exposedHeaders`` is unless you say otherwise.
    public static let defaultExposedHeaders = ["Location", "ETag", "Retry-After", "WWW-Authenticate", "Idempotent-Replayed"]

    /// A policy for the given origins (`nil` for any) and headers.
    public init(
        allowedOrigins: [String]?, allowedHeaders: [String] = CORSPolicy.defaultAllowedHeaders,
        exposedHeaders: [String] = CORSPolicy.defaultExposedHeaders, maxAgeSeconds: Int = 600
    ) {
        self.allowedOrigins = allowedOrigins
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// Origins from `CORS_ALLOWED_ORIGINS` (comma-separated); unset, empty or `*` allows any origin.
    public init(environment: (String) -> String? = Environment.value) {
        let origins = HTTPHeaders.listItems(environment("CORS_ALLOWED_ORIGINS") ?? "")
        self.init(allowedOrigins: origins.isEmpty || origins.contains("*") ? nil : origins)
    }

    /// Adds the headers every response carries.
    public func apply(to response: inout HTTPResponse, requestOrigin: String?) {
        if let allowedOrigins {
            if let requestOrigin, allowedOrigins.contains(requestOrigin) {
                response.headers.set("Access-Control-Allow-Origin", requestOrigin)
            } else {
                response.headers.remove("Access-Control-Allow-Origin")
            }
            // The answer depends on Origin, so caches must key on it.
            addVaryOrigin(to: &response.headers)
        } else {
            response.headers.set("Access-Control-Allow-Origin", "*")
        }
        response.headers.set("Access-Control-Expose-Headers", exposedHeaders.joined(separator: ", "))
    }

    /// The 204 answer to an `OPTIONS` preflight for a path serving `methods`.
    public func preflightResponse(methods: [String]) -> HTTPResponse {
        HTTPResponse(
            status: 204,
            headers: HTTPHeaders([
                ("Access-Control-Allow-Methods", methods.joined(separator: ", ")),
                ("Access-Control-Allow-Headers", allowedHeaders.joined(separator: ", ")),
                ("Access-Control-Max-Age", String(maxAgeSeconds)),
            ]))
    }

    private func addVaryOrigin(to headers: inout HTTPHeaders) {
        guard let vary = headers["Vary"] else { return headers.set("Vary", "Origin") }
        let names = HTTPHeaders.listItems(vary)
        if !names.contains(where: { ASCII.equalsIgnoringCase($0, "Origin") || $0 == "*" }) { headers.set("Vary", vary + ", Origin") }
    }
}
