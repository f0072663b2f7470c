import Auth
import Codec
import TokenFixtures

extension FuzzTargets {
    /// One process-wide authenticator that trusts the fixture's two keys, as the bootstrap keeps one.
    static let authenticator = SignedTokens.authenticator()
    static let validTokens = [SignedTokens.rs256, SignedTokens.es256].map { try! CompactJWS($0) }

    /// Bearer-token parsing and verification: any text either fails with a `TokenError` or is accepted only if
    /// it carries the exact signing input and signature of a token the keys' owner signed (no forgery, no
    /// algorithm confusion, whatever the header says). A token that parses splits at its own dots.
    public static func token(_ input: UnsafeRawBufferPointer) {
        let text = String(decoding: input, as: UTF8.self)
        if let jws = try? CompactJWS(text) {
            FuzzCheck.require(jws.signingInputEnd < jws.bytes.count && jws.bytes[jws.signingInputEnd] == UInt8(ascii: "."),
                "the signing input does not end at a dot")
            FuzzCheck.require(!jws.signature.isEmpty, "an empty signature parsed")
            _ = try? jws.algorithm()
            _ = jws.keyID
            _ = try? jws.claims()
        }
        guard (try? authenticator.verify(text, deadline: .max)) != nil else { return }
        let accepted = try? CompactJWS(text)
        FuzzCheck.require(
            validTokens.contains { valid in
                guard let accepted else { return false }
                return valid.signature == accepted.signature
                    && valid.bytes[..<valid.signingInputEnd].elementsEqual(accepted.bytes[..<accepted.signingInputEnd])
            }, "a token nobody signed was accepted")
    }
}
