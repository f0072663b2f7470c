import Codec
import Testing
@testable import Auth

@Suite struct SignatureTests {
    func key(_ jwk: String) throws -> VerificationKey {
        try JWKSet.key(from: try #require(try JSON.parse(jwk).objectValue))
    }

    @Test func rfc7515RS256ExampleVerifies() throws {
        let jws = try CompactJWS(PublishedVectors.rs256Token)
        #expect(try jws.algorithm() == .rs256)
        try jws.verify(with: try key(PublishedVectors.rsaJWK(PublishedVectors.rs256Modulus, kid: "a2")))
        #expect(try jws.claims()["iss"] == "joe")
    }

    @Test func rfc7515ES256ExampleVerifies() throws {
        let jws = try CompactJWS(PublishedVectors.es256Token)
        #expect(try jws.algorithm() == .es256)
        try jws.verify(with: try key(PublishedVectors.ecJWK(kid: "a3")))
    }

    @Test func rfc7520RS256ExampleVerifies() throws {
        let jws = try CompactJWS(PublishedVectors.cookbookToken)
        #expect(jws.keyID == "bilbo.baggins@hobbiton.example")
        try jws.verify(with: try key(PublishedVectors.rsaJWK(PublishedVectors.cookbookModulus, kid: "bilbo")))
    }

    @Test func anotherKeysSignatureIsRefused() throws {
        let jws = try CompactJWS(PublishedVectors.rs256Token)
        #expect(throws: TokenError.badSignature) {
            try jws.verify(with: try key(PublishedVectors.rsaJWK(PublishedVectors.cookbookModulus, kid: "other")))
        }
    }

    /// Every single-bit change anywhere in the signing input or the signature fails verification.
    @Test(arguments: [PublishedVectors.rs256Token, PublishedVectors.es256Token])
    func everyAlteredByteIsRefused(token: String) throws {
        let rsa = try key(PublishedVectors.rsaJWK(PublishedVectors.rs256Modulus, kid: "a2"))
        let ec = try key(PublishedVectors.ecJWK(kid: "a3"))
        var bytes = Array(token.utf8)
        var refused = 0
        var checked = 0
        for index in stride(from: 0, to: bytes.count, by: 7) where bytes[index] != UInt8(ascii: ".") {
            let original = bytes[index]
            // Swap to another base64url letter so the token still decodes and the signature check decides.
            bytes[index] = original == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            defer { bytes[index] = original }
            checked += 1
            guard let jws = try? CompactJWS(String(decoding: bytes, as: UTF8.self)) else { refused += 1; continue }
            do {
                try jws.verify(with: try jws.algorithm() == .rs256 ? rsa : ec)
            } catch {
                refused += 1
            }
        }
        #expect(checked > 10)
        #expect(refused == checked)
    }

    @Test func theKeysTypeDecidesTheAlgorithm() throws {
        // An RS256 token checked against an EC key (and the reverse) is refused without trying.
        let rsaToken = try CompactJWS(PublishedVectors.rs256Token)
        #expect(throws: TokenError.badSignature) { try rsaToken.verify(with: try key(PublishedVectors.ecJWK(kid: "a3"))) }
        let ecToken = try CompactJWS(PublishedVectors.es256Token)
        #expect(throws: TokenError.badSignature) {
            try ecToken.verify(with: try key(PublishedVectors.rsaJWK(PublishedVectors.rs256Modulus, kid: "a2")))
        }
    }

    @Test func ecdsaSignaturesBecomeMinimalDER() {
        let raw = [UInt8](repeating: 0, count: 31) + [0x01] + [0x80] + [UInt8](repeating: 0x11, count: 31)
        let der = ECDSASignature.der(fromRaw: raw)
        #expect(der == [0x30, 0x26, 0x02, 0x01, 0x01, 0x02, 0x21, 0x00, 0x80] + [UInt8](repeating: 0x11, count: 31))
        #expect(ECDSASignature.der(fromRaw: [UInt8](repeating: 1, count: 63)) == nil)
        #expect(ECDSASignature.der(fromRaw: [UInt8](repeating: 0, count: 64)) == [0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00])
    }
}
