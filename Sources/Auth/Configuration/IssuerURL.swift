/// Issuer and JWKS URLs: HTTPS, except plain HTTP to a loopback host (the local stack and the tests), so a
/// misconfigured deployment can never fetch its keys in the clear.
enum IssuerURL {
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]"]

    static func isAcceptable(_ url: String) -> Bool {
        let rest: Substring
        if url.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else if url.hasPrefix("http://") {
            rest = url.dropFirst(7)
            guard loopbackHosts.contains(host(of: rest).lowercased()) else { return false }
        } else {
            return false
        }
        let authority = rest.prefix { $0 != "/" }
        return !host(of: rest).isEmpty && !authority.contains("@") && !url.contains("?") && !url.contains("#")
            && !url.contains(" ")
    }

    /// `<issuer>/.well-known/jwks.json`, as Cognito and OIDC discovery publish it.
    static func defaultJWKS(issuer: String) -> String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/jwks.json"
    }

    private static func host(of rest: Substring) -> String {
        let authority = rest.prefix { $0 != "/" }
        if authority.hasPrefix("[") { return String(authority.prefix { $0 != "]" }) + (authority.contains("]") ? "]" : "") }
        return String(authority.prefix { $0 != ":" })
    }
}
