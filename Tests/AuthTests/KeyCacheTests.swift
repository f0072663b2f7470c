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

    func serve(_ keys: [String]) { document.withLock { $0 = Array(#"{"keys":[\#(keys.joined(separator: ","))]}"#.utf8) } }
    func fail() { document.withLock { $0 = nil } }

    func fetch(deadline: Int64, traceHeader: String?) throws(KeyFetchError) -> [UInt8] {
        fetches.add(1, ordering: .relaxed)
        traceHeaders.withLock { $0.append(traceHeader) }
        guard let document = document.withLock({ $0 }) else { throw KeyFetchError("down") }
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
