import Codec
import Testing
@testable import Auth

@Suite struct KeySetTests {
    func set(_ keys: [String]) throws -> JWKSet { try JWKSet(json: Array(#"{"keys":[\#(keys.joined(separator: ","))]}"#.utf8)) }

    @Test func rsaAndECKeysAreReadByKid() throws {
        let keys = try set([PublishedVectors.rsaJWK(PublishedVectors.rs256Modulus, kid: "r"), PublishedVectors.ecJWK(kid: "e")])
        #expect(keys.keys["r"]?.algorithm == .rs256)
        #expect(keys.keys["e"]?.algorithm == .es256)
    }

    @Test func unusableKeysAreSkippedNotFatal() throws {
        let keys = try set([
            PublishedVectors.rsaJWK(PublishedVectors.rs256Modulus, kid: "good"),
            #"{"kty":"oct","kid":"hmac","k":"c2VjcmV0"}"#,
            #"{"kty":"RSA","kid":"enc","use":"enc","n":"\#(PublishedVectors.rs256Modulus)","e":"AQAB"}"#,
            #"{"kty":"RSA","kid":"ps","alg":"PS256","n":"\#(PublishedVectors.rs256Modulus)","e":"AQAB"}"#,
            #"{"kty":"RSA","n":"\#(PublishedVectors.rs256Modulus)","e":"AQAB"}"#,
            #"{"kty":"EC","kid":"p384","crv":"P-384","x":"AA","y":"AA"}"#,
            #"{"kty":"RSA","kid":"small","n":"\#(String(PublishedVectors.rs256Modulus.prefix(170)))","e":"AQAB"}"#,
        ])
        #expect(Array(keys.keys.keys) == ["good"])
        #expect(keys.skipped.count == 6)
    }

    @Test func aPointOffTheCurveIsRefused() throws {
        var y = Array(try #require(Base64.decode(PublishedVectors.es256Y)))
        y[31] ^= 1
        #expect(throws: KeyError.self) { try VerificationKey.p256(x: try #require(Base64.decode(PublishedVectors.es256X)), y: y) }
    }

    @Test func anRSAExponentOfOneIsRefused() throws {
        let modulus = try #require(Base64.decode(PublishedVectors.rs256Modulus))
        #expect(throws: KeyError.self) { try VerificationKey.rsa(modulus: modulus, exponent: [1]) }
        #expect(throws: KeyError.self) { try VerificationKey.rsa(modulus: modulus, exponent: [2]) }
    }

    @Test(arguments: ["", "[]", #"{"keys":{}}"#, "{", #"{"nokeys":[]}"#])
    func documentsThatAreNoKeySetAreErrors(document: String) {
        #expect(throws: KeyError.self) { try JWKSet(json: Array(document.utf8)) }
    }
}
