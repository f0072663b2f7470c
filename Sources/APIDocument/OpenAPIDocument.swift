import HTTPEvents
import HTTPRouter

/// `GET /openapi.json`: docs/openapi.yaml as JSON, converted when the binary was built
/// (OpenAPIDocumentJSON.swift, written by scripts/generate-openapi-swift.py), so the contract served is the
/// contract of the code that serves it. Caches may keep it but must revalidate (`no-cache`): a deploy
/// changes it, and a revalidation with `If-None-Match` costs a 304 with no body.
public enum OpenAPIDocument {
    public static let path = "/openapi.json"
    public static let cacheControl = "public, no-cache"

    /// Built once, on first use, and shared by every invocation (a `static let` is initialised exactly once,
    /// thread-safely).
    static let body: [UInt8] = Array(text.utf8)

    public static func register(on router: Router) {
        router.add("GET", path) { request, _ in response(to: request) }
    }

    static func response(to request: HTTPRequest) -> HTTPResponse {
        let headers = HTTPHeaders([("ETag", entityTag), ("Cache-Control", cacheControl)])
        if ConditionalRequest.isNotModified(request, entityTag: entityTag) {
            return ConditionalRequest.notModified(entityTag: entityTag, headers: headers)
        }
        var response = HTTPResponse(status: 200, headers: headers, body: body)
        response.headers.set("Content-Type", "application/json")
        return response
    }
}
