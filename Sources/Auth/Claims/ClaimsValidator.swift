import Codec

/// The registered-claim checks of RFC 7519 §4.1 as an OIDC/Cognito resource server needs them.
public struct ClaimsValidator: Sendable {
    /// Clock skew tolerated on `exp` and `nbf`.
    public static let maximumSkewSeconds: Int64 = 60

    public let issuer: String
    /// Accepted `aud` values, or Cognito access tokens' `client_id` (they carry no `aud`).
    public let audiences: [String]

    public init(issuer: String, audiences: [String]) {
        self.issuer = issuer
        self.audiences = audiences
    }

    public func validate(_ claims: JSONObject, nowSeconds: Int64) throws(TokenError) -> Caller {
        guard claims["iss"]?.stringValue == issuer else { throw .wrongIssuer }
        guard let expires = Self.numericDate(claims["exp"]) else { throw .missingClaim("exp") }
        guard nowSeconds < expires + Self.maximumSkewSeconds else { throw .expired }
        if let notBefore = claims["nbf"] {
            guard let notBefore = Self.numericDate(notBefore) else { throw .missingClaim("nbf") }
            guard notBefore <= nowSeconds + Self.maximumSkewSeconds else { throw .notYetValid }
        }
        // Cognito's id tokens are signed by the same keys: only access tokens authorize API calls.
        if let use = claims["token_use"], use.stringValue != "access" { throw .notAnAccessToken }
        let clientID = claims["client_id"]?.stringValue
        if let audience = claims["aud"] {
            let named = audience.stringValue.map { [$0] } ?? audience.arrayValue?.compactMap(\.stringValue) ?? []
            guard named.contains(where: audiences.contains) else { throw .wrongAudience }
        } else {
            guard let clientID, audiences.contains(clientID) else { throw .wrongAudience }
        }
        guard let id = claims["sub"]?.stringValue ?? clientID, !id.isEmpty else { throw .missingClaim("sub") }
        let scopes = (claims["scope"]?.stringValue ?? "").split(separator: " ").map(String.init)
        let groups = claims["cognito:groups"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return Caller(id: id, clientID: clientID, scopes: scopes, groups: groups)
    }

    /// Seconds since the epoch; RFC 7519 allows a fraction, which is dropped.
    static func numericDate(_ value: JSON?) -> Int64? {
        guard let text = value?.numberText else { return nil }
        let whole = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        return Int64(whole)
    }
}
