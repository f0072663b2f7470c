import Auth
import Codec
import TokenFixtures

/// One bearer-token verification with the key already cached: split and decode the token, look the key up,
/// verify the signature (libcrypto), check the claims, for the tokens of `SignedTokens`.
///
///     products-bench jwt          timed runs (µs per verification)
///     products-bench jwt-count N  N verifications, untimed: run under callgrind at two N and subtract
enum JWTBenchmark {
    static func run() {
        let authenticator = SignedTokens.authenticator()
        var sink = 0
        measure("jwt RS256 verify (cached key)", warmUp: 200, iterations: 5_000) {
            sink &+= (try! authenticator.verify(SignedTokens.rs256, deadline: .max)).scopes.count
        }
        measure("jwt ES256 verify (cached key)", warmUp: 200, iterations: 2_000) {
            sink &+= (try! authenticator.verify(SignedTokens.es256, deadline: .max)).scopes.count
        }
        if sink == 42 { print("") }
    }

    /// `jwt-count N [es256]`: N RS256 (or ES256) verifications and nothing else, for callgrind.
    static func count(_ arguments: ArraySlice<String>) {
        let iterations = arguments.first.flatMap { Int($0) } ?? 1000
        let token = arguments.dropFirst().first == "es256" ? SignedTokens.es256 : SignedTokens.rs256
        let authenticator = SignedTokens.authenticator()
        var sink = 0
        for _ in 0..<iterations { sink &+= (try! authenticator.verify(token, deadline: .max)).scopes.count }
        print("verified \(iterations) tokens (\(sink / max(iterations, 1)) scopes each)")
    }
}
