import HTTPEvents

/// Conditional GETs (RFC 9110 §13.1.2): a client that already holds the current representation sends its
/// ETag back as `If-None-Match` and gets `304 Not Modified` with no body.
public enum ConditionalRequest {
    /// The request header a conditional GET sends its cached entity tag in.
    public static let ifNoneMatch = "If-None-Match"

    /// Whether `If-None-Match` names `entityTag` (weak comparison: `W/"3"` matches `"3"`) or is `*`. A
    /// value that is no list of entity tags matches nothing, so the full answer is sent.
    public static func isNotModified(_ request: HTTPRequest, entityTag: String) -> Bool {
        let values = request.headers.values(for: ifNoneMatch)
        guard !values.isEmpty else { return false }
        let opaque = opaqueTag(Substring(entityTag))
        for value in values {
            for item in HTTPHeaders.listItems(value) {
                if item == "*" || opaqueTag(Substring(item)) == opaque { return true }
            }
        }
        return false
    }

    /// The 304: the validator and caching headers the 200 would have carried, no body and no Content-Type.
    public static func notModified(entityTag: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var response = HTTPResponse(status: 304, headers: headers)
        response.headers.remove("Content-Type")
        response.headers.set("ETag", entityTag)
        return response
    }

    /// `W/"x"` and `"x"` → `x`; anything else as it is.
    private static func opaqueTag(_ tag: Substring) -> Substring {
        var text = tag
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
        return text
    }
}
