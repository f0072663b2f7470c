/// The signature algorithms we accept. The allow-list is this enum: a token naming anything else (`none`,
/// `HS256`, `PS256`, …) is refused before any key is looked at, and the key's own type must match too.
public enum JWSAlgorithm: String, Sendable, CaseIterable {
    /// RSASSA-PKCS1-v1_5 with SHA-256: what Cognito and most OIDC issuers sign with.
    case rs256 = "RS256"
    /// ECDSA P-256 with SHA-256; the signature is the raw 64-byte `r || s` (RFC 7518 §3.4).
    case es256 = "ES256"
}
