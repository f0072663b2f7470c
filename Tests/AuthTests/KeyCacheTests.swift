import Codec
import Synchronization
import Telemetry
import Testing
@testable import Auth

/// A JWKS document a test can change, fail, and count fetches of. (The HTTP path is exercised end to end
/// against a real JWKS server in Tests/e2e/test_auth.py.)
final class ScriptedKeySource: KeySource {
    let url = "https://issuer.test/.well-known/jwks.json"
    let document = Mutex<[UInt8]?>(nil)
    let fetches = Atomic(0)
    let traceHeaders = Mutex<[String?]>([])
    /// The HTTP status a failing fetch reports (`nil`: no answer at all).
    let failureStatus = Mutex<Int?>(nil)

    func serve(_ keys: [String]) { document.withLock { $0 = Array(#"{"keys":[\#(keys.joined(separator: ","))]}"#.utf8) } }
    func fail(status: Int? = nil) {
        document.withLock { $0 = nil }
        failureStatus.withLock { $0 = status }
    }

    func fetch(deadline: Int64, traceHeader: String?) throws(KeyFetchError) -> [UInt8] {
        fetches.add(1, ordering: .relaxed)
        traceHeaders.withLock { $0.append(traceHeader) }
        guard let document = document.withLock({ $0 }) else {
            let status = failureStatus.withLock { $0 }
            throw KeyFetchError(status.map { "HTTP \($0)" } ?? "down", status: status)
        }
        return document
    }
}

final class ManualClock: Sendable {
    let milliseconds = Atomic<Int64>(1_000_000)
    func advance(seconds: Int64) { milliseconds.add(seconds * 1000, ordering: .relaxed) }
    var now: @Sendable () -> Int64 { { self.milliseconds.load(ordering: .relaxed) } }
}

@Suite struct KeyCacheTests {
    let source = ScriptedKeySource()
    let clock = ManualClock()
    let a = PublishedVectors.rsaJWK(PublishedVectors.rs256Modulus, kid: "a")
    let b = PublishedVectors.rsaJWK(PublishedVectors.cookbookModulus, kid: "b")
    var cache: KeyCache { KeyCache(source: source, timing: .init(refreshIntervalSeconds: 30, maximumAgeSeconds: 600, failureRetrySeconds: 5), now: clock.now) }

    /// The EMF document of one invocation during which `body` ran.
    func metrics(of body: (InvocationTelemetry) throws -> Void) throws -> JSONObject {
        let lines = Mutex<[String]>([])
        let telemetry = Telemetry(configuration: TelemetryConfiguration(), sink: { line in
            lines.withLock { $0.append(String(decoding: line, as: UTF8.self)) }
        })
        let invocation = telemetry.begin(requestID: "r1", traceHeader: nil, isColdStart: false)
        try body(invocation)
        invocation.recordResponse(status: 503, durationNanoseconds: 1_000)
        invocation.flush()
        return try #require(lines.withLock { $0 }.first.flatMap { try? JSON.parse(Array($0.utf8)).objectValue })
    }

    @Test func keysAreFetchedOnFirstNeedOnly() throws {
        source.serve([a])
        let cache = cache
        #expect(source.fetches.load(ordering: .relaxed) == 0)
        for _ in 0..<5 { _ = try cache.key(id: "a", deadline: .max) }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
    }

    @Test func aFetchIsReportedToTheInvocationThatMadeItAndCarriesItsTraceHeader() throws {
        source.serve([a])
        let lines = Mutex<[String]>([])
        let telemetry = Telemetry(configuration: TelemetryConfiguration(), sink: { line in
            lines.withLock { $0.append(String(decoding: line, as: UTF8.self)) }
        })
        let header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"
        let first = telemetry.begin(requestID: "r1", traceHeader: header, isColdStart: true)
        let cache = cache
        _ = try cache.key(id: "a", deadline: .max, telemetry: first)
        first.recordResponse(status: 201, durationNanoseconds: 1_000)
        first.flush()
        // A later invocation with the key cached makes no call and reports none.
        let second = telemetry.begin(requestID: "r2", traceHeader: nil, isColdStart: false)
        _ = try cache.key(id: "a", deadline: .max, telemetry: second)
        second.recordResponse(status: 201, durationNanoseconds: 1_000)
        second.flush()

        #expect(source.traceHeaders.withLock { $0 } == [header])
        let documents = lines.withLock { $0 }.map { try? JSON.parse(Array($0.utf8)).objectValue }
        try #require(documents.count == 2)
        #expect(documents[0]?["requestId"]?.stringValue == "r1" && documents[0]?["JWKSLatency"] != nil)
        #expect(documents[0]?["JWKSFaults"]?.intValue == 0)
        #expect(documents[1]?["requestId"]?.stringValue == "r2" && documents[1]?["JWKSLatency"] == nil)
    }

    @Test func unknownKidsRefreshAtMostOncePerInterval() throws {
        source.serve([a])
        let cache = cache
        _ = try cache.key(id: "a", deadline: .max)
        for index in 0..<50 {
            #expect(throws: KeyLookupError.unknownKey) { try cache.key(id: "forged-\(index)", deadline: .max) }
        }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
        clock.advance(seconds: 31)
        #expect(throws: KeyLookupError.unknownKey) { try cache.key(id: "forged", deadline: .max) }
        #expect(source.fetches.load(ordering: .relaxed) == 2)
    }

    @Test func byDefaultAKeyPublishedAfterAForgedKidVerifiesTenSecondsLater() throws {
        let cache = KeyCache(source: source, now: clock.now)
        source.serve([a])
        _ = try cache.key(id: "a", deadline: .max)
        clock.advance(seconds: 10)
        // A forged kid spends the refresh; the issuer then publishes `b`.
        #expect(throws: KeyLookupError.unknownKey) { try cache.key(id: "forged", deadline: .max) }
        #expect(source.fetches.load(ordering: .relaxed) == 2)
        source.serve([a, b])
        // Within the interval: no fetch, however many lookups (the flood bound).
        for _ in 0..<3 {
            clock.advance(seconds: 3)
            #expect(throws: KeyLookupError.unknownKey) { try cache.key(id: "b", deadline: .max) }
        }
        #expect(source.fetches.load(ordering: .relaxed) == 2)
        clock.advance(seconds: 1)
        _ = try cache.key(id: "b", deadline: .max)
        #expect(source.fetches.load(ordering: .relaxed) == 3)
    }

    @Test func anIssuerThrottleIsCountedAsAThrottleAndFailsClosed() throws {
        source.fail(status: 429)
        let cache = cache
        let document = try metrics { invocation in
            #expect(throws: KeyLookupError.unavailable(retryAfterSeconds: 5)) { try cache.key(id: "a", deadline: .max, telemetry: invocation) }
        }
        #expect(cache.lastFailure?.isThrottle == true && cache.lastFailure?.status == 429)
        #expect(document["JWKSThrottles"]?.intValue == 1)
        #expect(document["JWKSFaults"]?.intValue == 0)
        // No more than one fetch per failure retry while throttled; then the keys come back.
        #expect(throws: KeyLookupError.unavailable(retryAfterSeconds: 5)) { try cache.key(id: "a", deadline: .max) }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
        source.serve([a])
        clock.advance(seconds: 5)
        _ = try cache.key(id: "a", deadline: .max)
        #expect(cache.lastFailure == nil)
    }

    /// A 5xx or no answer is a fault; a 404 is the issuer refusing us (a client error), neither a fault nor a throttle.
    @Test(arguments: [(503 as Int?, 1), (nil, 1), (404, 0)])
    func otherFailuresAreFaultsOrClientErrors(status: Int?, faults: Int) throws {
        source.fail(status: status)
        let cache = cache
        let document = try metrics { invocation in
            #expect(throws: KeyLookupError.unavailable(retryAfterSeconds: 5)) { try cache.key(id: "a", deadline: .max, telemetry: invocation) }
        }
        #expect(document["JWKSThrottles"]?.intValue == 0)
        #expect(document["JWKSFaults"]?.intValue == faults)
    }

    @Test func rotatedKeysArePickedUpAndRemovedOnesDropped() throws {
        source.serve([a])
        let cache = cache
        _ = try cache.key(id: "a", deadline: .max)
        source.serve([b])
        clock.advance(seconds: 31)
        _ = try cache.key(id: "b", deadline: .max)
        #expect(throws: KeyLookupError.unknownKey) { try cache.key(id: "a", deadline: .max) }
    }

    @Test func keysUnavailableFailClosedWithRetryAfter() throws {
        source.fail()
        let cache = cache
        #expect(throws: KeyLookupError.unavailable(retryAfterSeconds: 5)) { try cache.key(id: "a", deadline: .max) }
        #expect(throws: KeyLookupError.unavailable(retryAfterSeconds: 5)) { try cache.key(id: "a", deadline: .max) }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
        source.serve([a])
        clock.advance(seconds: 5)
        _ = try cache.key(id: "a", deadline: .max)
    }

    @Test func oldKeysAreNotTrustedWhenTheyCannotBeRefreshed() throws {
        source.serve([a])
        let cache = cache
        _ = try cache.key(id: "a", deadline: .max)
        source.fail()
        clock.advance(seconds: 601)
        #expect(throws: KeyLookupError.unavailable(retryAfterSeconds: 5)) { try cache.key(id: "a", deadline: .max) }
    }

    @Test func aDocumentWithoutUsableKeysIsAFailure() throws {
        source.serve([#"{"kty":"oct","kid":"h","k":"AA"}"#])
        #expect(throws: KeyLookupError.unavailable(retryAfterSeconds: 5)) { try cache.key(id: "h", deadline: .max) }
    }

    @Test func concurrentLookupsShareOneFetch() async throws {
        source.serve([a])
        let cache = cache
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 { group.addTask { (try? cache.key(id: "a", deadline: .max)) != nil } }
            for await found in group { #expect(found) }
        }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
    }
}
