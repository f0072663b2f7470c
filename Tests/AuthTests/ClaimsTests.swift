import Codec
import Testing
@testable import Auth

@Suite struct ClaimsTests {
    let validator = ClaimsValidator(issuer: "https://issuer.example/pool", audiences: ["client-a", "api://products"])
    let now: Int64 = 1_800_000_000

    func claims(_ extra: [(String, JSON)], dropping: Set<String> = []) -> JSONObject {
        var object = JSONObject([
            ("iss", "https://issuer.example/pool"), ("sub", "user-1"), ("client_id", "client-a"), ("token_use", "access"),
            ("scope", "products/read products/write"), ("exp", .number(Int(now) + 300)), ("iat", .number(Int(now))),
        ])
        for (key, value) in extra { object[key] = value }
        for key in dropping { object[key] = nil }
        return object
    }

    @Test func aCognitoAccessTokenIsAccepted() throws {
        let caller = try validator.validate(claims([("cognito:groups", ["editors"])]), nowSeconds: now)
        #expect(caller == Caller(id: "user-1", clientID: "client-a", scopes: ["products/read", "products/write"], groups: ["editors"]))
    }

    @Test func aMachineTokenWithoutSubIsItsClient() throws {
        #expect(try validator.validate(claims([], dropping: ["sub"]), nowSeconds: now).id == "client-a")
    }

    @Test func expiryAllowsSixtySecondsOfSkewAndNoMore() throws {
        let expires = Int(now) - 30
        _ = try validator.validate(claims([("exp", .number(expires))]), nowSeconds: now)
        #expect(throws: TokenError.expired) { try validator.validate(claims([("exp", .number(Int(now) - 60))]), nowSeconds: now) }
        #expect(throws: TokenError.missingClaim("exp")) { try validator.validate(claims([], dropping: ["exp"]), nowSeconds: now) }
        #expect(throws: TokenError.missingClaim("exp")) { try validator.validate(claims([("exp", "soon")]), nowSeconds: now) }
    }

    @Test func notBeforeAllowsSixtySecondsOfSkew() throws {
        _ = try validator.validate(claims([("nbf", .number(Int(now) + 60))]), nowSeconds: now)
        #expect(throws: TokenError.notYetValid) { try validator.validate(claims([("nbf", .number(Int(now) + 61))]), nowSeconds: now) }
    }

    @Test func theIssuerMustMatchExactly() {
        for issuer: JSON in ["https://issuer.example/pool/", "https://evil.example/pool", 1] {
            #expect(throws: TokenError.wrongIssuer) { try validator.validate(claims([("iss", issuer)]), nowSeconds: now) }
        }
        #expect(throws: TokenError.wrongIssuer) { try validator.validate(claims([], dropping: ["iss"]), nowSeconds: now) }
    }

    @Test func idTokensAreRefused() {
        #expect(throws: TokenError.notAnAccessToken) { try validator.validate(claims([("token_use", "id")]), nowSeconds: now) }
    }

    @Test func audienceOrClientIDMustBeAccepted() throws {
        _ = try validator.validate(claims([("aud", ["other", "api://products"])], dropping: ["client_id"]), nowSeconds: now)
        _ = try validator.validate(claims([("aud", "client-a")], dropping: ["token_use"]), nowSeconds: now)
        #expect(throws: TokenError.wrongAudience) { try validator.validate(claims([("aud", "other")]), nowSeconds: now) }
        #expect(throws: TokenError.wrongAudience) { try validator.validate(claims([("client_id", "client-b")]), nowSeconds: now) }
        #expect(throws: TokenError.wrongAudience) { try validator.validate(claims([], dropping: ["client_id"]), nowSeconds: now) }
    }
}

@Suite struct PolicyTests {
    let writer = Caller(id: "w", scopes: ["products/write"])
    let reader = Caller(id: "r", scopes: ["products/read"])
    let editor = Caller(id: "e", groups: ["editors"])

    @Test func writesNeedTheScopeOrTheGroup() {
        let policy = AccessPolicy(writeGroup: "editors")
        #expect(policy.allows(writer, .write))
        #expect(policy.allows(editor, .write))
        #expect(!policy.allows(reader, .write))
        #expect(!AccessPolicy().allows(editor, .write))
        #expect(policy.requiresToken(.write) && !policy.requiresToken(.read))
    }

    @Test func aReadScopeMakesReadsNeedIt() {
        let policy = AccessPolicy(readScope: "products/read")
        #expect(policy.requiresToken(.read))
        #expect(policy.allows(reader, .read))
        #expect(policy.allows(writer, .read))
        #expect(!policy.allows(Caller(id: "x", scopes: ["other"]), .read))
        #expect(policy.scope(for: .read) == "products/read")
    }
}
