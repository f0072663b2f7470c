import Codec

/// A JWS in compact serialization (`header.payload.signature`, RFC 7515 §7.1), split and decoded but not yet
/// verified. The signing input is kept as the exact bytes received, never re-encoded.
public struct CompactJWS: Sendable {
    /// Cognito's access tokens are about 1 KB; a limit keeps a hostile header from costing parse time.
    public static let maximumLength = 8192

    public let header: JSONObject
    /// Decoded but not parsed: nothing in it is read before the signature is verified.
    public let payload: [UInt8]
    public let signature: [UInt8]
    /// The token's bytes; the signing input is `bytes[..<signingInputEnd]`.
    public let bytes: [UInt8]
    public let signingInputEnd: Int

    public init(_ token: String) throws(TokenError) {
        let bytes = Array(token.utf8)
        guard bytes.count <= Self.maximumLength else { throw .tooLarge(limit: Self.maximumLength) }
        let dots = bytes.indices.filter { bytes[$0] == UInt8(ascii: ".") }
        // Five parts would be a JWE, which we never accept.
        guard dots.count == 2 else { throw .malformed("expected three dot-separated parts") }
        let header = try Self.object(bytes[..<dots[0]], part: "header")
        guard let payload = Base64URL.decode(bytes[(dots[0] + 1)..<dots[1]]) else { throw .malformed("the payload is not base64url") }
        guard let signature = Base64URL.decode(bytes[(dots[1] + 1)...]), !signature.isEmpty else {
            throw .malformed("the signature is not base64url")
        }
        self.header = header
        self.payload = payload
        self.signature = signature
        self.bytes = bytes
        self.signingInputEnd = dots[1]
    }

    /// The header's `alg`, from the allow-list.
    public func algorithm() throws(TokenError) -> JWSAlgorithm {
        guard let name = header["alg"]?.stringValue else { throw .malformed("the header has no alg") }
        guard let algorithm = JWSAlgorithm(rawValue: name) else { throw .unsupportedAlgorithm(name) }
        // RFC 7515 §4.1.11: a critical extension we do not understand makes the token invalid.
        if header["crit"] != nil { throw .malformed("the header has critical extensions") }
        return algorithm
    }

    public var keyID: String? { header["kid"]?.stringValue }

    /// Verifies with `key`, whose type must be the one `alg` names (no algorithm confusion).
    public func verify(with key: VerificationKey) throws(TokenError) {
        let algorithm = try algorithm()
        guard key.algorithm == algorithm else { throw .badSignature }
        let valid = bytes.withUnsafeBufferPointer { buffer in
            key.verify(signature: signature, message: UnsafeBufferPointer(rebasing: buffer[..<signingInputEnd]))
        }
        guard valid else { throw .badSignature }
    }

    /// The payload as a JWT claims set; call it after `verify`.
    public func claims() throws(TokenError) -> JSONObject {
        guard let object = (try? JSON.parse(payload))?.objectValue else { throw .malformed("the payload is not a JSON object") }
        return object
    }

    private static func object(_ part: ArraySlice<UInt8>, part name: String) throws(TokenError) -> JSONObject {
        guard let decoded = Base64URL.decode(part) else { throw .malformed("the \(name) is not base64url") }
        guard let object = (try? JSON.parse(decoded))?.objectValue else { throw .malformed("the \(name) is not a JSON object") }
        return object
    }
}
