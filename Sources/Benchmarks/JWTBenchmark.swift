import Auth
import Codec

/// One bearer-token verification with the key already cached: split and decode the token, look the key up,
/// verify the signature (libcrypto), check the claims. The tokens were minted once by PyJWT (exp 2100).
///
///     products-bench jwt          timed runs (µs per verification)
///     products-bench jwt-count N  N verifications, untimed: run under callgrind at two N and subtract
enum JWTBenchmark {
    static let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Bench1234"
    static let jwks = Array(#"""
        {"keys": [{"kty": "RSA", "n": "2Gi-_-nR1tv0Ru1hThMIfSIVNl28V0qCnLs8kMlGL3uMLjFV9_4hg_GaDMFzCh4BD4lGnoVBWgEDlv0mKE1NfIssWGn69gykC1tlO-evpp9wyrZpHBsYfppiCKGlGvK7tubSLrPRiM2bCveGcBsOCzFLwYH_sOzO-8vITHOIXGnPzGOBBEJ3o6rvUZFKFjf-MojHZKDCxCzCmlarElcczwELHOXNLVDutFs8sosEciCIt0gVHJMlqO9t41rBhg3b6ngHJ0VqcrJohZIp4PfY16gveDJmhBsT-R6PrZfu5T_HG4weG9Ppu6PSYNyS4SAfoGQrhdSf1GlXVHbAxGBIbQ", "e": "AQAB", "kid": "bench-rs256", "use": "sig", "alg": "RS256"}, \#
        {"kty": "EC", "crv": "P-256", "x": "sgzb6mbfV1o-fIuw3b5rVpuag6uBzmEsyisNJQ6KuGk", "y": "qKDVMnEuNg4-ZJ-N9kXR6yqByhCP8ML8WyDy_UQ5cA4", "kid": "bench-es256", "use": "sig", "alg": "ES256"}]}
        """#.utf8)
    static let claims = "eyJzdWIiOiI1bnEzZTFyMmU2YnE4cTlsNGNrZjJ0N28xYSIsInRva2VuX3VzZSI6ImFjY2VzcyIsInNjb3BlIjoicHJvZHVjdHMvcmVhZCBwcm9kdWN0cy93cml0ZSIsImF1dGhfdGltZSI6MTc2NDU5MDAwMCwiaXNzIjoiaHR0cHM6Ly9jb2duaXRvLWlkcC5ldS13ZXN0LTEuYW1hem9uYXdzLmNvbS9ldS13ZXN0LTFfQmVuY2gxMjM0IiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3NjQ1OTAwMDAsInZlcnNpb24iOjIsImp0aSI6IjBmOGU1YThjLTNiNWUtNGEzYy05YTUxLTdkNmYzYjJjMWEwMCIsImNsaWVudF9pZCI6IjVucTNlMXIyZTZicThxOWw0Y2tmMnQ3bzFhIn0"
    static let rs256 = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJlbmNoLXJzMjU2IiwidHlwIjoiSldUIn0." + claims + "."
        + "EC17tzoJvvb29wDb2Nx6MD_p_zfx3TJx3REU0IBqYCms1twiqn9yNovUyHpKZ16qPnDrjrAgFnD8bNlnjCrwswdcjBJVR4XWCc-TXaIY_lt9y79PksQLA-2zUL0PHOibIWXBfOe5f5DA4MvQYY8Gv2zDFmQ8HhSA5TAu0GmjymC4ezUEYzBJgsBBkMvtoPBPdomgMPJJYzg0smNLWdYLMr6Vo9Kn7wzCZ6f9QvtlZAVgNfTEzmQf3210zC8eUaw6IQx84R8hv_9cDKu_S4DQTD2DaE4p9VyA1d1i06gdVZkhbO3SeBVvHz1jwr4FmBYAME37v9jCgxKZGO0t5vbWjg"
    static let es256 = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImJlbmNoLWVzMjU2IiwidHlwIjoiSldUIn0." + claims + "."
        + "i01g31a0eX471HJG4uRz2nffLwy5Q8s00FNkpbbXXPeGTKdPSbnZycvF8_vtCqWsH7I7xSKiRR8eBt0um1iggw"

    struct FixedKeys: KeySource {
        let url = "bench:jwks"
        func fetch(deadline: Int64, traceHeader: String?) throws(KeyFetchError) -> [UInt8] { jwks }
    }

    static func authenticator() -> Authenticator {
        let settings = AuthConfiguration.JWTSettings(issuer: issuer, audiences: ["5nq3e1r2e6bq8q9l4ckf2t7o1a"])
        let authenticator = Authenticator(settings: settings, keys: KeyCache(source: FixedKeys()))
        // The first verification fetches and parses the keys; what we measure is every one after it.
        for token in [rs256, es256] { _ = try! authenticator.verify(token, deadline: .max) }
        return authenticator
    }

    static func run() {
        let authenticator = authenticator()
        var sink = 0
        measure("jwt RS256 verify (cached key)", warmUp: 200, iterations: 5_000) {
            sink &+= (try! authenticator.verify(rs256, deadline: .max)).scopes.count
        }
        measure("jwt ES256 verify (cached key)", warmUp: 200, iterations: 2_000) {
            sink &+= (try! authenticator.verify(es256, deadline: .max)).scopes.count
        }
        if sink == 42 { print("") }
    }

    /// `jwt-count N [es256]`: N RS256 (or ES256) verifications and nothing else, for callgrind.
    static func count(_ arguments: ArraySlice<String>) {
        let iterations = arguments.first.flatMap { Int($0) } ?? 1000
        let token = arguments.dropFirst().first == "es256" ? es256 : rs256
        let authenticator = authenticator()
        var sink = 0
        for _ in 0..<iterations { sink &+= (try! authenticator.verify(token, deadline: .max)).scopes.count }
        print("verified \(iterations) tokens (\(sink / max(iterations, 1)) scopes each)")
    }
}
