import Codec
import HTTPEvents
import Telemetry

/// Checks a request's bearer token against the issuer's keys, the claims and the access policy. Built once
/// at init (no network); shared by every invocation, concurrently ones included.
public final class Authenticator: Sendable {
    public let settings: AuthConfiguration.JWTSettings
    public let keys: KeyCache
    private let claims: ClaimsValidator
    private let now: @Sendable () -> Int64

    public init(settings: AuthConfiguration.JWTSettings, keys: KeyCache, now: @escaping @Sendable () -> Int64 = UTCTime.nowMilliseconds) {
        self.settings = settings
        self.keys = keys
        self.claims = ClaimsValidator(issuer: settings.issuer, audiences: settings.audiences)
        self.now = now
    }

    /// Keys from `settings.jwksURL` over HTTPS, fetched on first need.
    public convenience init(settings: AuthConfiguration.JWTSettings) {
        let timing = KeyCache.Timing(refreshIntervalSeconds: settings.refreshIntervalSeconds, maximumAgeSeconds: settings.maximumKeyAgeSeconds)
        self.init(settings: settings, keys: KeyCache(source: HTTPKeySource(url: settings.jwksURL), timing: timing))
    }

    /// The caller when `request` may have `access`; `nil` when the access is public and needs no token. A key
    /// fetch this needs is reported to `telemetry`.
    public func authorize(
        _ request: HTTPRequest, _ access: Access, deadline: Int64, telemetry: InvocationTelemetry? = nil
    ) throws(AuthError) -> Caller? {
        let policy = settings.policy
        guard policy.requiresToken(access) else { return nil }
        guard let token = Self.bearerToken(request.headers["Authorization"]) else { throw .missingCredentials }
        let caller = try verify(token, deadline: deadline, telemetry: telemetry)
        guard policy.allows(caller, access) else { throw .insufficientScope(policy.scope(for: access)) }
        return caller
    }

    /// Signature first (nothing in an unverified payload is believed), then the claims.
    public func verify(_ token: String, deadline: Int64, telemetry: InvocationTelemetry? = nil) throws(AuthError) -> Caller {
        let jws: CompactJWS
        let keyID: String
        do throws(TokenError) {
            jws = try CompactJWS(token)
            _ = try jws.algorithm()
            guard let id = jws.keyID else { throw .missingKeyID }
            keyID = id
        } catch {
            throw .invalidToken(error)
        }
        let key: VerificationKey
        do throws(KeyLookupError) { key = try keys.key(id: keyID, deadline: deadline, telemetry: telemetry) } catch {
            switch error {
            case .unknownKey: throw .invalidToken(.unknownKey)
            case .unavailable(let seconds): throw .keysUnavailable(retryAfterSeconds: seconds)
            }
        }
        do throws(TokenError) {
            try jws.verify(with: key)
            return try claims.validate(try jws.claims(), nowSeconds: now() / 1000)
        } catch {
            throw .invalidToken(error)
        }
    }

    /// `Bearer <token>` (scheme case-insensitive, RFC 6750 §2.1); anything else is no credentials.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = HTTPHeaders.trimmingOptionalWhitespace(parts[1])
        return token.isEmpty ? nil : token
    }
}
