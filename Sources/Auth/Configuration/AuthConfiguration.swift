import Codec
import HTTPEvents

/// Authentication settings from the environment (the template sets them):
///
/// | variable | meaning |
/// |---|---|
/// | `AUTH_MODE` | `jwt` (default) or `none` (writes unauthenticated; must be chosen explicitly) |
/// | `AUTH_ISSUER` | the exact `iss`; required with `jwt` |
/// | `AUTH_JWKS_URL` | default `<issuer>/.well-known/jwks.json` |
/// | `AUTH_AUDIENCE` | comma-separated accepted `aud` / `client_id` values; required with `jwt` |
/// | `AUTH_WRITE_SCOPE` | default `products/write` |
/// | `AUTH_WRITE_GROUP` | optional `cognito:groups` group that also grants writes |
/// | `AUTH_READ_SCOPE` | empty: reads are public |
/// | `AUTH_JWKS_REFRESH_SECONDS` | least time between two key fetches, so how long a just-published key can wait after an unknown `kid` (default 10) |
/// | `AUTH_JWKS_MAX_AGE_SECONDS` | keys are fetched again after this long (default 3600) |
public enum AuthConfiguration: Sendable, Equatable {
    case none
    case jwt(JWTSettings)

    /// Who issues the tokens, where its keys are, and what a token must carry.
    public struct JWTSettings: Sendable, Equatable {
        public var issuer: String
        public var jwksURL: String
        public var audiences: [String]
        public var policy: AccessPolicy
        public var refreshIntervalSeconds: Int
        public var maximumKeyAgeSeconds: Int

        public init(
            issuer: String, jwksURL: String? = nil, audiences: [String], policy: AccessPolicy = AccessPolicy(),
            refreshIntervalSeconds: Int = KeyCache.Timing.defaultRefreshIntervalSeconds, maximumKeyAgeSeconds: Int = 3600
        ) {
            self.issuer = issuer
            self.jwksURL = jwksURL ?? IssuerURL.defaultJWKS(issuer: issuer)
            self.audiences = audiences
            self.policy = policy
            self.refreshIntervalSeconds = refreshIntervalSeconds
            self.maximumKeyAgeSeconds = maximumKeyAgeSeconds
        }
    }

    public static func fromEnvironment(_ environment: (String) -> String? = Environment.value) throws(AuthConfigurationError) -> AuthConfiguration {
        func value(_ name: String) -> String? {
            guard let text = environment(name)?.trimmingSpaces, !text.isEmpty else { return nil }
            return text
        }
        switch value("AUTH_MODE")?.lowercased() {
        case "none": return .none
        case nil, "jwt": break
        default: throw AuthConfigurationError("AUTH_MODE", "must be jwt or none")
        }
        guard let issuer = value("AUTH_ISSUER") else { throw AuthConfigurationError("AUTH_ISSUER", "is not set: it must be the token issuer's URL (iss)") }
        guard IssuerURL.isAcceptable(issuer) else {
            throw AuthConfigurationError("AUTH_ISSUER", "must be an https:// URL (http:// only for a loopback host)")
        }
        let jwksURL = value("AUTH_JWKS_URL")
        if let jwksURL, !IssuerURL.isAcceptable(jwksURL) {
            throw AuthConfigurationError("AUTH_JWKS_URL", "must be an https:// URL (http:// only for a loopback host)")
        }
        let audiences = (value("AUTH_AUDIENCE") ?? "").split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        guard !audiences.isEmpty else {
            throw AuthConfigurationError("AUTH_AUDIENCE", "is not set: it must list the accepted audiences or app client ids")
        }
        let policy = AccessPolicy(
            writeScope: try scope(value("AUTH_WRITE_SCOPE"), "AUTH_WRITE_SCOPE") ?? AccessPolicy.defaultWriteScope,
            writeGroup: value("AUTH_WRITE_GROUP"), readScope: try scope(value("AUTH_READ_SCOPE"), "AUTH_READ_SCOPE"))
        return .jwt(
            JWTSettings(
                issuer: issuer, jwksURL: jwksURL, audiences: audiences, policy: policy,
                refreshIntervalSeconds: try seconds(value("AUTH_JWKS_REFRESH_SECONDS"), "AUTH_JWKS_REFRESH_SECONDS",
                    default: KeyCache.Timing.defaultRefreshIntervalSeconds),
                maximumKeyAgeSeconds: try seconds(value("AUTH_JWKS_MAX_AGE_SECONDS"), "AUTH_JWKS_MAX_AGE_SECONDS", default: 3600)))
    }

    private static func scope(_ text: String?, _ name: String) throws(AuthConfigurationError) -> String? {
        guard let text else { return nil }
        guard !text.contains(" "), !text.contains("\""), !text.contains("\\") else {
            throw AuthConfigurationError(name, "must be one scope name (no spaces or quotes)")
        }
        return text
    }

    private static func seconds(_ text: String?, _ name: String, default fallback: Int) throws(AuthConfigurationError) -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), (1...86_400).contains(value) else {
            throw AuthConfigurationError(name, "must be a whole number of seconds from 1 to 86400")
        }
        return value
    }
}

extension String {
    var trimmingSpaces: String { HTTPHeaders.trimmingOptionalWhitespace(Substring(self)) }
}
