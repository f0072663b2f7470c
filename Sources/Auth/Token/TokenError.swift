/// Why a bearer token was refused. `description` becomes the `error_description` the client sees: it says
/// what is wrong without echoing the token.
public enum TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case tooLarge(limit: Int)
    case unsupportedAlgorithm(String)
    case missingKeyID
    case unknownKey
    case badSignature
    case expired
    case notYetValid
    case wrongIssuer
    case wrongAudience
    case notAnAccessToken
    case missingClaim(String)

    public var description: String {
        switch self {
        case .malformed(let reason): "The token is malformed: \(reason)."
        case .tooLarge(let limit): "The token is longer than \(limit) bytes."
        case .unsupportedAlgorithm(let name): "The token's algorithm '\(name)' is not accepted."
        case .missingKeyID: "The token names no signing key (kid)."
        case .unknownKey: "The token was signed with an unknown key."
        case .badSignature: "The token's signature is invalid."
        case .expired: "The token has expired."
        case .notYetValid: "The token is not valid yet."
        case .wrongIssuer: "The token was issued by another issuer."
        case .wrongAudience: "The token was issued for another audience."
        case .notAnAccessToken: "An access token is required."
        case .missingClaim(let name): "The token has no valid '\(name)' claim."
        }
    }
}
