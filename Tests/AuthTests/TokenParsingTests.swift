import Codec
import Testing
@testable import Auth

@Suite struct TokenParsingTests {
    static func segment(_ json: String) -> String { Base64.encode(Array(json.utf8), urlSafe: true) }
    static let payload = segment(#"{"iss":"joe"}"#)

    @Test(arguments: ["", "a", "a.b", "a.b.c.d", "a.b.c.d.e", "..", "x.y."])
    func wrongSegmentCountsOrEmptyPartsAreMalformed(token: String) {
        #expect(throws: TokenError.self) { try CompactJWS(token) }
    }

    @Test func paddingAndTheStandardAlphabetAreRefused() throws {
        let header = Self.segment(#"{"alg":"RS256","kid":"k"}"#)
        #expect(throws: TokenError.self) { try CompactJWS(header + "=." + Self.payload + ".AAAA") }
        #expect(throws: TokenError.self) { try CompactJWS(header + "." + Self.payload + ".AA+/") }
        #expect(throws: TokenError.self) { try CompactJWS(header + "." + Self.payload + ".A") }
        #expect(throws: TokenError.self) { try CompactJWS("!!!." + Self.payload + ".AAAA") }
        _ = try CompactJWS(header + "." + Self.payload + ".AA-_")
    }

    @Test func headerAndPayloadMustBeJSONObjects() {
        #expect(throws: TokenError.self) { try CompactJWS(Self.segment("[1]") + "." + Self.payload + ".AAAA") }
        #expect(throws: TokenError.self) { try CompactJWS(Self.segment(#"{"alg":"RS256"}"#) + "." + Self.segment("{") + ".AAAA").claims() }
    }

    @Test func aHugeTokenIsRefusedBeforeParsing() {
        let huge = Self.segment(#"{"alg":"RS256"}"#) + "." + String(repeating: "A", count: CompactJWS.maximumLength) + ".AAAA"
        #expect(throws: TokenError.tooLarge(limit: CompactJWS.maximumLength)) { try CompactJWS(huge) }
    }

    @Test(arguments: ["none", "HS256", "RS384", "PS256", "ES512", "EdDSA", "rs256"])
    func algorithmsOutsideTheAllowListAreRefused(alg: String) throws {
        let jws = try CompactJWS(Self.segment(#"{"alg":"\#(alg)","kid":"k"}"#) + "." + Self.payload + ".AAAA")
        #expect(throws: TokenError.unsupportedAlgorithm(alg)) { try jws.algorithm() }
    }

    @Test func criticalHeaderExtensionsAreRefused() throws {
        let jws = try CompactJWS(Self.segment(#"{"alg":"RS256","crit":["exp"],"exp":1}"#) + "." + Self.payload + ".AAAA")
        #expect(throws: TokenError.self) { try jws.algorithm() }
    }

    @Test func theSigningInputIsTheReceivedBytes() throws {
        let jws = try CompactJWS(PublishedVectors.rs256Token)
        let signingInput = String(decoding: jws.bytes[..<jws.signingInputEnd], as: UTF8.self)
        #expect(signingInput == "eyJhbGciOiJSUzI1NiJ9." + PublishedVectors.rfc7515Payload)
    }
}
