import Testing
@testable import Auth

@Suite struct AuthConfigurationTests {
    func configuration(_ values: [String: String]) throws(AuthConfigurationError) -> AuthConfiguration {
        try AuthConfiguration.fromEnvironment { values[$0] }
    }

    func failure(_ values: [String: String]) -> String? {
        do { _ = try configuration(values) } catch { return error.variable }
        return nil
    }

    let minimal = ["AUTH_ISSUER": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", "AUTH_AUDIENCE": "client-a, client-b"]

    @Test func jwtIsTheDefaultAndReadsEverySetting() throws {
        guard case .jwt(let settings) = try configuration(minimal) else { Issue.record("not jwt"); return }
        #expect(settings.jwksURL == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json")
        #expect(settings.audiences == ["client-a", "client-b"])
        #expect(settings.policy == AccessPolicy(writeScope: "products/write"))
        // An unknown kid refreshes the keys at most every 10 s (aws-jwt-verify's wait), the maximum age is an hour.
        #expect(settings.refreshIntervalSeconds == 10 && settings.maximumKeyAgeSeconds == 3600)
        var all = minimal
        all.merge([
            "AUTH_MODE": "JWT", "AUTH_JWKS_URL": "http://127.0.0.1:9/keys", "AUTH_WRITE_SCOPE": "api/write", "AUTH_WRITE_GROUP": "editors",
            "AUTH_READ_SCOPE": "api/read", "AUTH_JWKS_REFRESH_SECONDS": "5",
        ]) { $1 }
        guard case .jwt(let custom) = try configuration(all) else { Issue.record("not jwt"); return }
        #expect(custom.jwksURL == "http://127.0.0.1:9/keys")
        #expect(custom.policy == AccessPolicy(writeScope: "api/write", writeGroup: "editors", readScope: "api/read"))
        #expect(custom.refreshIntervalSeconds == 5)
    }

    @Test func noneMustBeChosenExplicitly() throws {
        #expect(try configuration(["AUTH_MODE": "none"]) == .none)
        #expect(failure([:]) == "AUTH_ISSUER")
    }

    @Test func everyBadSettingNamesItsVariable() {
        #expect(failure(["AUTH_MODE": "open"]) == "AUTH_MODE")
        #expect(failure(["AUTH_ISSUER": "https://issuer.example"]) == "AUTH_AUDIENCE")
        #expect(failure(["AUTH_ISSUER": "https://issuer.example", "AUTH_AUDIENCE": " , "]) == "AUTH_AUDIENCE")
        #expect(failure(minimal.merging(["AUTH_ISSUER": "http://issuer.example"]) { $1 }) == "AUTH_ISSUER")
        #expect(failure(minimal.merging(["AUTH_ISSUER": "ftp://issuer.example"]) { $1 }) == "AUTH_ISSUER")
        #expect(failure(minimal.merging(["AUTH_JWKS_URL": "http://10.0.0.1/keys"]) { $1 }) == "AUTH_JWKS_URL")
        #expect(failure(minimal.merging(["AUTH_JWKS_URL": "http://127.0.0.1.evil.example/keys"]) { $1 }) == "AUTH_JWKS_URL")
        #expect(failure(minimal.merging(["AUTH_WRITE_SCOPE": "a b"]) { $1 }) == "AUTH_WRITE_SCOPE")
        #expect(failure(minimal.merging(["AUTH_JWKS_REFRESH_SECONDS": "0"]) { $1 }) == "AUTH_JWKS_REFRESH_SECONDS")
        #expect(failure(minimal.merging(["AUTH_JWKS_MAX_AGE_SECONDS": "x"]) { $1 }) == "AUTH_JWKS_MAX_AGE_SECONDS")
    }

    @Test func loopbackIssuersMayUsePlainHTTP() {
        for issuer in ["http://127.0.0.1:8080", "http://localhost:9000/issuer", "http://[::1]:7000"] {
            #expect(failure(["AUTH_ISSUER": issuer, "AUTH_AUDIENCE": "a"]) == nil, "\(issuer)")
        }
    }
}
