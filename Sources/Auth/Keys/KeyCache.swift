import Codec
import Synchronization
import Telemetry

/// Why no key could be returned for a token.
public enum KeyLookupError: Error, Sendable, Equatable {
    /// The issuer does not publish this `kid` (after a refresh, or too soon after the last one to try again).
    case unknownKey
    /// The keys could not be fetched: fail closed and ask the client to come back.
    case unavailable(retryAfterSeconds: Int)
}

/// The issuer's parsed public keys, shared by every invocation in the process (thread-safe).
///
/// Keys are fetched on first need. A `kid` we do not know triggers a refresh, but at most one per
/// `refreshInterval`, so a stream of forged `kid`s cannot make us hammer the issuer; a failed fetch is
/// retried after `failureRetry`. Keys older than `maximumAge` are fetched again before use, so a key the
/// issuer removed stops verifying without a restart. One fetch runs at a time; verifications with known
/// keys never wait for it.
public final class KeyCache: Sendable {
    /// How often the key set is refreshed, how long it is trusted, and how soon a failed fetch is retried.
    public struct Timing: Sendable, Equatable {
        public var refreshIntervalMilliseconds: Int64
        public var maximumAgeMilliseconds: Int64
        public var failureRetryMilliseconds: Int64

        /// `refreshIntervalSeconds`' default, also `AUTH_JWKS_REFRESH_SECONDS`': short enough that a key the issuer
        /// has just published verifies soon after a forged `kid` used up the refresh (aws-jwt-verify waits 10 s).
        public static let defaultRefreshIntervalSeconds = 10

        public init(refreshIntervalSeconds: Int = defaultRefreshIntervalSeconds, maximumAgeSeconds: Int = 3600, failureRetrySeconds: Int = 5) {
            refreshIntervalMilliseconds = Int64(refreshIntervalSeconds) * 1000
            maximumAgeMilliseconds = Int64(maximumAgeSeconds) * 1000
            failureRetryMilliseconds = Int64(min(failureRetrySeconds, refreshIntervalSeconds)) * 1000
        }
    }

    struct State {
        var keys: [String: VerificationKey] = [:]
        var fetchedAt: Int64?
        var lastAttemptAt: Int64?
        /// Why the last fetch failed; `nil` when it succeeded.
        var lastFailure: KeyFetchError?
        var fetches = 0
    }

    private enum Decision {
        case use(VerificationKey)
        case fetch
        case fail(KeyLookupError)
    }

    private let source: KeySource
    private let timing: Timing
    private let now: @Sendable () -> Int64
    private let state = Mutex(State())
    private let fetching = Mutex(())

    public init(source: KeySource, timing: Timing = Timing(), now: @escaping @Sendable () -> Int64 = UTCTime.nowMilliseconds) {
        self.source = source
        self.timing = timing
        self.now = now
    }

    /// How many times the JWKS was fetched (successfully or not).
    public var fetchCount: Int { state.withLock { $0.fetches } }
    /// Why the last fetch failed (`nil` after a success), for the log.
    public var lastFailure: KeyFetchError? { state.withLock { $0.lastFailure } }

    /// The key `id`, fetching the issuer's keys when needed; the fetch is reported to `telemetry` (metrics and,
    /// when sampled, an X-Ray subsegment) of the invocation that makes it.
    public func key(id: String, deadline: Int64, telemetry: InvocationTelemetry? = nil) throws(KeyLookupError) -> VerificationKey {
        switch decide(id) {
        case .use(let key): return key
        case .fail(let error): throw error
        case .fetch: break
        }
        return try fetching.withLock { _ throws(KeyLookupError) -> VerificationKey in
            // Another invocation may have refreshed while this one waited.
            if case .fetch = decide(id) { refresh(deadline: deadline, telemetry: telemetry) }
            switch decide(id) {
            case .use(let key): return key
            case .fail(let error): throw error
            case .fetch: throw .unknownKey  // cannot happen right after an attempt; fail closed anyway
            }
        }
    }

    private func decide(_ id: String) -> Decision {
        let now = now()
        return state.withLock { state in
            if let key = state.keys[id], let fetchedAt = state.fetchedAt, now - fetchedAt < timing.maximumAgeMilliseconds {
                return .use(key)
            }
            guard let lastAttempt = state.lastAttemptAt else { return .fetch }
            let failed = state.lastFailure != nil
            let next = lastAttempt + (failed ? timing.failureRetryMilliseconds : timing.refreshIntervalMilliseconds)
            if now >= next { return .fetch }
            if failed || state.keys[id] != nil {
                // Keys too old to trust and no fresh ones yet, or none at all: closed, not open.
                return .fail(.unavailable(retryAfterSeconds: Int(max(1, (next - now + 999) / 1000))))
            }
            return .fail(.unknownKey)
        }
    }

    /// Names the fetch in metrics (`JWKSLatency`, `JWKSThrottles`, ...) and traces; `remote`, as the issuer need
    /// not be AWS.
    static let serviceName = "JWKS"

    private func refresh(deadline: Int64, telemetry: InvocationTelemetry?) {
        let started = now()
        let call = telemetry?.startCall(
            service: Self.serviceName, operation: "GetKeys", namespace: .remote, httpRequest: (method: "GET", url: source.url))
        let result = Result { () throws(KeyFetchError) in try fetchKeys(deadline: deadline, traceHeader: call?.traceHeader) }
        if let telemetry, let call {
            switch result {
            case .success: telemetry.finishCall(call, OutboundCallResult(outcome: .success, status: 200))
            case .failure(let error): telemetry.finishCall(call, error.callResult)
            }
        }
        state.withLock { state in
            state.fetches += 1
            state.lastAttemptAt = started
            switch result {
            case .success(let keys):
                state.keys = keys
                state.fetchedAt = started
                state.lastFailure = nil
            case .failure(let error):
                state.lastFailure = error
            }
        }
    }

    /// The issuer's usable signing keys; a document that parses to none is a failure, as is any other answer.
    private func fetchKeys(deadline: Int64, traceHeader: String?) throws(KeyFetchError) -> [String: VerificationKey] {
        let document = try source.fetch(deadline: deadline, traceHeader: traceHeader)
        let set: JWKSet
        do throws(KeyError) { set = try JWKSet(json: document) } catch {
            throw KeyFetchError("the JWKS is unusable: \(error.description)", status: 200)
        }
        guard !set.keys.isEmpty else { throw KeyFetchError("the JWKS has no usable signing key: \(set.skipped)", status: 200) }
        return set.keys
    }
}

extension KeyFetchError {
    /// How the fetch is counted and traced: a 429 as a throttle (`JWKSThrottles`), another 4xx or an unusable
    /// document as a client error, no answer or a 5xx as a fault (`JWKSFaults`).
    fileprivate var callResult: OutboundCallResult {
        let outcome: OutboundCallResult.Outcome
        switch status {
        case 429?: outcome = .throttled
        case let status? where status < 500: outcome = .clientError
        default: outcome = .fault
        }
        return OutboundCallResult(outcome: outcome, status: status, throttles: isThrottle ? 1 : 0, errorType: "KeyFetchError")
    }
}
