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

        public init(refreshIntervalSeconds: Int = 60, maximumAgeSeconds: Int = 3600, failureRetrySeconds: Int = 5) {
            refreshIntervalMilliseconds = Int64(refreshIntervalSeconds) * 1000
            maximumAgeMilliseconds = Int64(maximumAgeSeconds) * 1000
            failureRetryMilliseconds = Int64(min(failureRetrySeconds, refreshIntervalSeconds)) * 1000
        }
    }

    struct State {
        var keys: [String: VerificationKey] = [:]
        var fetchedAt: Int64?
        var lastAttemptAt: Int64?
        var lastAttemptFailed = false
        var fetches = 0
        var lastError: String?
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
    /// The last fetch failure, for the log.
    public var lastError: String? { state.withLock { $0.lastError } }

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
            let wait = state.lastAttemptFailed ? timing.failureRetryMilliseconds : timing.refreshIntervalMilliseconds
            let next = lastAttempt + wait
            if now >= next { return .fetch }
            if state.lastAttemptFailed || state.keys[id] != nil {
                // Keys too old to trust and no fresh ones yet, or none at all: closed, not open.
                return .fail(.unavailable(retryAfterSeconds: Int(max(1, (next - now + 999) / 1000))))
            }
            return .fail(.unknownKey)
        }
    }

    /// Names the fetch in metrics (`JWKSLatency`, ...) and traces; `remote`, as the issuer need not be AWS.
    static let serviceName = "JWKS"

    private func refresh(deadline: Int64, telemetry: InvocationTelemetry?) {
        let started = now()
        let call = telemetry?.startCall(
            service: Self.serviceName, operation: "GetKeys", namespace: .remote, httpRequest: (method: "GET", url: source.url))
        var result: Result<[String: VerificationKey], KeyFetchError>
        var status: Int?
        do throws(KeyFetchError) {
            let document: [UInt8]
            do throws(KeyFetchError) { document = try source.fetch(deadline: deadline, traceHeader: call?.traceHeader) } catch {
                status = error.status
                throw error
            }
            status = 200
            let set: JWKSet
            do throws(KeyError) { set = try JWKSet(json: document) } catch {
                throw KeyFetchError("the JWKS is unusable: \(error.description)")
            }
            guard !set.keys.isEmpty else { throw KeyFetchError("the JWKS has no usable signing key: \(set.skipped)") }
            result = .success(set.keys)
        } catch {
            result = .failure(error)
        }
        if let telemetry, let call {
            switch result {
            case .success: telemetry.finishCall(call, OutboundCallResult(outcome: .success, status: status))
            case .failure:
                let outcome: OutboundCallResult.Outcome = status.map { $0 < 500 && $0 != 429 } == true ? .clientError : .fault
                telemetry.finishCall(call, OutboundCallResult(outcome: outcome, status: status, errorType: "KeyFetchError"))
            }
        }
        state.withLock { state in
            state.fetches += 1
            state.lastAttemptAt = started
            switch result {
            case .success(let keys):
                state.keys = keys
                state.fetchedAt = started
                state.lastAttemptFailed = false
                state.lastError = nil
            case .failure(let error):
                state.lastAttemptFailed = true
                state.lastError = error.description
            }
        }
    }
}
