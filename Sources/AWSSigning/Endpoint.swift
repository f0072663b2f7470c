/// An endpoint URL that is not `http(s)://host[:port][/]`.
public struct InvalidEndpoint: Error, Sendable, Equatable {
    public let text: String
}

/// Where an AWS service's requests go: `https://<service>.<region>.amazonaws.com` or an override such as a
/// local emulator.
public struct Endpoint: Sendable, Equatable {
    /// The URL requests are POSTed to (always path `/`).
    public let url: String
    /// The `Host` header value that is signed: the host, plus the port when it is not the scheme's default.
    public let host: String
    public let isSecure: Bool

    /// Accepts `http(s)://host[:port][/]`.
    public init(_ text: String) throws(InvalidEndpoint) {
        let secure: Bool
        var rest: Substring
        if text.hasPrefix("https://") {
            secure = true
            rest = text.dropFirst(8)
        } else if text.hasPrefix("http://") {
            secure = false
            rest = text.dropFirst(7)
        } else {
            throw InvalidEndpoint(text: text)
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("?"), !rest.contains("@") else { throw InvalidEndpoint(text: text) }
        var authority = String(rest).lowercased()
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            let port = authority[authority.index(after: colon)...]
            guard let number = Int(port), (1...65535).contains(number) else { throw InvalidEndpoint(text: text) }
            if (secure && number == 443) || (!secure && number == 80) { authority = String(authority[..<colon]) }
        }
        self.isSecure = secure
        self.host = authority
        self.url = (secure ? "https://" : "http://") + authority + "/"
    }

    /// `service` is the endpoint prefix (`dynamodb`, `secretsmanager`).
    public static func aws(service: String, region: String) -> Endpoint {
        // Service and region names are letters, digits and dashes, so this cannot fail.
        try! Endpoint("https://\(service).\(region).amazonaws.com")
    }
}
