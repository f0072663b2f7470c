import Codec

/// Splits the path a client sent into what the front door put in front of the API (a REST API's stage on
/// its default domain, an HTTP API's named stage, a custom domain's base path mapping) and the path routes
/// match against. Links the API returns (`Location`) are built from the first, so they keep working behind
/// every URL the API is reachable at.
struct RequestPath {
    /// Percent-decoded, starting with `/`, with the base path removed.
    var routePath: String
    /// `/Prod`, `/v1`, `/shop/v1`, or empty: never ending with `/`, percent-encoded so it is safe to echo in
    /// a header, and built from whole segments so it can never turn into `//host` (another origin).
    var basePath: String

    /// - Parameters:
    ///   - clientPath: the path as the client sent it (REST: `requestContext.path`; HTTP API: `rawPath`).
    ///   - eventPath: the path the event carries for routing (REST: `path`; HTTP API: `rawPath`).
    ///   - stage: `requestContext.stage`; `$default` never appears in paths.
    ///   - resource: the gateway's matched resource template (`/products/{id}`, `/{proxy+}`), when known.
    ///   - pathParameters: the gateway's values for that template's parameters.
    init(
        clientPath: String?, eventPath: String, stage: String?, resource: String? = nil,
        pathParameters: [(String, String)] = []
    ) {
        let stage = stage.flatMap { $0.isEmpty || $0 == "$default" ? nil : $0 }
        let client = clientPath ?? eventPath
        let prefix =
            Self.prefix(of: client, eventPath: eventPath, resource: resource, pathParameters: pathParameters)
            ?? Self.prefix(of: client, endingWith: eventPath)
            ?? Self.stagePrefix(of: client, stage: stage)
            ?? []
        basePath = prefix.isEmpty ? "" : "/" + prefix.map(Self.encodedSegment).joined(separator: "/")

        // The event's own path may still carry the base path (custom domains) or the stage (HTTP API named
        // stages); only whole leading segments are removed.
        var segments = Self.rawSegments(eventPath)
        if let stripped = Self.dropping(prefix, from: segments) {
            segments = stripped
        } else if let stage, let stripped = Self.dropping([Substring(stage)], from: segments) {
            segments = stripped
        }
        var path = PercentDecoding.decode(segments.joined(separator: "/"), plusIsSpace: false)
        if !path.hasPrefix("/") { path = "/" + path }
        routePath = path
    }

    /// The base path from the matched resource: its segments (plus those of a greedy `{name+}` value) are
    /// the route's; whatever comes before them in the client's path is the base path.
    private static func prefix(
        of client: String, eventPath: String, resource: String?, pathParameters: [(String, String)]
    ) -> [Substring]? {
        guard let resource, resource.hasPrefix("/") else { return nil }
        var template = ASCII.split(resource, separator: UInt8(ascii: "/"))
        var routeSegments = template.count
        if let last = template.last, last.hasPrefix("{"), last.hasSuffix("+}") {
            let name = last.dropFirst().dropLast(2)
            guard let value = pathParameters.first(where: { $0.0 == name })?.1 else { return nil }
            template.removeLast()
            routeSegments = template.count + ASCII.split(value, separator: UInt8(ascii: "/")).count
        }
        let clientSegments = ASCII.split(client, separator: UInt8(ascii: "/"))
        let eventSegments = ASCII.split(eventPath, separator: UInt8(ascii: "/"))
        guard clientSegments.count >= routeSegments, eventSegments.count >= routeSegments,
            clientSegments.suffix(routeSegments).elementsEqual(eventSegments.suffix(routeSegments))
        else { return nil }
        return Array(clientSegments.dropLast(routeSegments))
    }

    /// Without a resource: a client path that ends with the event's path (a REST API's default domain,
    /// where `requestContext.path` is `/{stage}` + `path`).
    private static func prefix(of client: String, endingWith eventPath: String) -> [Substring]? {
        let clientSegments = ASCII.split(client, separator: UInt8(ascii: "/"))
        let eventSegments = ASCII.split(eventPath, separator: UInt8(ascii: "/"))
        guard clientSegments.count > eventSegments.count, clientSegments.suffix(eventSegments.count).elementsEqual(eventSegments)
        else { return nil }
        return Array(clientSegments.dropLast(eventSegments.count))
    }

    /// Last resort: the stage, when it is the client path's first segment.
    private static func stagePrefix(of client: String, stage: String?) -> [Substring]? {
        guard let stage, let first = ASCII.split(client, separator: UInt8(ascii: "/")).first, first == stage else { return nil }
        return [first]
    }

    /// Segments with empty ones kept, so a trailing slash survives: `/a/b/` → ["", "a", "b", ""].
    private static func rawSegments(_ path: String) -> [Substring] {
        ASCII.split(path, separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    }

    /// `segments` without the leading `prefix` (whole segments), or nil when it does not start with it.
    private static func dropping(_ prefix: [Substring], from segments: [Substring]) -> [Substring]? {
        guard !prefix.isEmpty else { return nil }
        let body = segments.first == "" ? segments.dropFirst() : segments[...]
        guard body.count >= prefix.count, body.prefix(prefix.count).elementsEqual(prefix) else { return nil }
        return [""] + body.dropFirst(prefix.count)
    }

    /// RFC 3986 `pchar`s stay (with `%` kept as the client's own encoding); anything else, controls and
    /// spaces above all, is percent-encoded.
    private static func encodedSegment(_ segment: Substring) -> String {
        PercentEncoding.encode(segment, keeping: isPathCharacter)
    }

    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        PercentEncoding.isUnreserved(byte) || "!$&'()*+,;=:@%".utf8.contains(byte)
    }
}
