import Auth

/// Two access tokens shaped like Cognito's (RS256 and ES256, exp 2100) and the public keys that verify them,
/// minted once by PyJWT: the benchmark's and the token fuzzer's fixed inputs. Public keys only, no secrets.
public enum SignedTokens {
    public static let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Bench1234"
    public static let jwks = Array(#"""
        {"keys": [{"kty": "RSA", "n": "2Gi-_-nR1tv0Ru1hThMIfSIVNl28V0qCnLs8kMlGL3uMLjFV9_4hg_GaDMFzCh4BD4lGnoVBWgEDlv0mKE1NfIssWGn69gykC1tlO-evpp9wyrZpHBsYfppiCKGlGvK7tubSLrPRiM2bCveGcBsOCzFLwYH_sOzO-8vITHOIXGnPzGOBBEJ3o6rvUZFKFjf-MojHZKDCxCzCmlarElcczwELHOXNLVDutFs8sosEciCIt0gVHJMlqO9t41rBhg3b6ngHJ0VqcrJohZIp4PfY16gveDJmhBsT-R6PrZfu5T_HG4weG9Ppu6PSYNyS4SAfoGQrhdSf1GlXVHbAxGBIbQ", "e": "AQAB", "kid": "bench-rs256", "use": "sig", "alg": "RS256"}, \#
        {"kty": "EC", "crv": "P-256", "x": "sgzb6mbfV1o-fIuw3b5rVpuag6uBzmEsyisNJQ6KuGk", "y": "qKDVMnEuNg4-ZJ-N9kXR6yqByhCP8ML8WyDy_UQ5cA4", "kid": "bench-es256", "use": "sig", "alg": "ES256"}]}
        """#.utf8)
    public static let claims = "eyJzdWIiOiI1bnEzZTFyMmU2YnE4cTlsNGNrZjJ0N28xYSIsInRva2VuX3VzZSI6ImFjY2VzcyIsInNjb3BlIjoicHJvZHVjdHMvcmVhZCBwcm9kdWN0cy93cml0ZSIsImF1dGhfdGltZSI6MTc2NDU5MDAwMCwiaXNzIjoiaHR0cHM6Ly9jb2duaXRvLWlkcC5ldS13ZXN0LTEuYW1hem9uYXdzLmNvbS9ldS13ZXN0LTFfQmVuY2gxMjM0IiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3NjQ1OTAwMDAsInZlcnNpb24iOjIsImp0aSI6IjBmOGU1YThjLTNiNWUtNGEzYy05YTUxLTdkNmYzYjJjMWEwMCIsImNsaWVudF9pZCI6IjVucTNlMXIyZTZicThxOWw0Y2tmMnQ3bzFhIn0"
    public static let rs256 = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJlbmNoLXJzMjU2IiwidHlwIjoiSldUIn0." + claims + "."
        + "EC17tzoJvvb29wDb2Nx6MD_p_zfx3TJx3REU0IBqYCms1twiqn9yNovUyHpKZ16qPnDrjrAgFnD8bNlnjCrwswdcjBJVR4XWCc-TXaIY_lt9y79PksQLA-2zUL0PHOibIWXBfOe5f5DA4MvQYY8Gv2zDFmQ8HhSA5TAu0GmjymC4ezUEYzBJgsBBkMvtoPBPdomgMPJJYzg0smNLWdYLMr6Vo9Kn7wzCZ6f9QvtlZAVgNfTEzmQf3210zC8eUaw6IQx84R8hv_9cDKu_S4DQTD2DaE4p9VyA1d1i06gdVZkhbO3SeBVvHz1jwr4FmBYAME37v9jCgxKZGO0t5vbWjg"
    public static let es256 = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImJlbmNoLWVzMjU2IiwidHlwIjoiSldUIn0." + claims + "."
        + "i01g31a0eX471HJG4uRz2nffLwy5Q8s00FNkpbbXXPeGTKdPSbnZycvF8_vtCqWsH7I7xSKiRR8eBt0um1iggw"

    struct FixedKeys: KeySource {
        let url = "fixture:jwks"
        func fetch(deadline: Int64, traceHeader: String?) throws(KeyFetchError) -> [UInt8] { jwks }
    }

    /// An authenticator that trusts exactly these keys (no network), with both tokens verified once.
    public static func authenticator() -> Authenticator {
        let settings = AuthConfiguration.JWTSettings(issuer: issuer, audiences: ["5nq3e1r2e6bq8q9l4ckf2t7o1a"])
        let authenticator = Authenticator(settings: settings, keys: KeyCache(source: FixedKeys()))
        // The first verification fetches and parses the keys: a benchmark measures every one after it.
        for token in [rs256, es256] { _ = try! authenticator.verify(token, deadline: .max) }
        return authenticator
    }
}
