import Codec

/// A JWK Set (RFC 7517 §5) reduced to the signing keys we can use, by `kid`. Keys of other types, curves or
/// uses are skipped, not fatal: issuers publish encryption keys and newer algorithms next to signing ones.
public struct JWKSet: Sendable {
    public static let maximumBytes = 256 * 1024
    public static let maximumKeys = 64

    public let keys: [String: VerificationKey]
    /// Keys left out, and why (for the log: a set with none usable is an issuer misconfiguration).
    public let skipped: [String]

    public init(keys: [String: VerificationKey], skipped: [String] = []) {
        self.keys = keys
        self.skipped = skipped
    }

    public init(json bytes: [UInt8]) throws(KeyError) {
        guard bytes.count <= Self.maximumBytes else { throw KeyError("the JWKS is larger than \(Self.maximumBytes) bytes") }
        guard let document = (try? JSON.parse(bytes))?.objectValue, let entries = document["keys"]?.arrayValue else {
            throw KeyError("the JWKS is not a JSON object with a keys array")
        }
        var keys: [String: VerificationKey] = [:]
        var skipped: [String] = []
        for entry in entries.prefix(Self.maximumKeys) {
            guard let jwk = entry.objectValue else { continue }
            let kid = jwk["kid"]?.stringValue ?? "(no kid)"
            do throws(KeyError) {
                guard jwk["kid"]?.stringValue != nil else { throw KeyError("no kid") }
                keys[kid] = try Self.key(from: jwk)
            } catch {
                skipped.append("\(kid): \(error.description)")
            }
        }
        self.init(keys: keys, skipped: skipped)
    }

    /// One JWK: `RSA` (`n`, `e`) or `EC` on `P-256` (`x`, `y`). A stated `use` must be `sig` and a stated
    /// `alg` must be the one the key type allows.
    public static func key(from jwk: JSONObject) throws(KeyError) -> VerificationKey {
        if let use = jwk["use"], use.stringValue != "sig" { throw KeyError("not a signing key") }
        let key: VerificationKey
        switch jwk["kty"]?.stringValue {
        case "RSA":
            key = try .rsa(modulus: try member(jwk, "n"), exponent: try member(jwk, "e"))
        case "EC":
            guard jwk["crv"]?.stringValue == "P-256" else { throw KeyError("unsupported curve") }
            key = try .p256(x: try member(jwk, "x"), y: try member(jwk, "y"))
        default:
            throw KeyError("unsupported key type")
        }
        if let alg = jwk["alg"], alg.stringValue != key.algorithm.rawValue { throw KeyError("alg does not match the key type") }
        return key
    }

    private static func member(_ jwk: JSONObject, _ name: String) throws(KeyError) -> [UInt8] {
        guard let text = jwk[name]?.stringValue, let bytes = Base64URL.decode(text), !bytes.isEmpty else {
            throw KeyError("'\(name)' is not base64url")
        }
        return bytes
    }
}
