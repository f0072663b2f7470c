import Foundation
import HTTPTransport
import Testing

/// A new connection (the server closed the last one, as DynamoDB and a Lambda freeze do) resumes the TLS
/// session instead of a full handshake, for the same client and for other clients trusting the same CAs;
/// never for a client that trusts other CAs. Clients on several threads share the trust store at once.
struct TLSSessionTests {
    let peer: TLSPeer

    init() throws { peer = try TLSPeer.shared.get() }

    private func client(_ sources: TrustSources) throws -> HTTPClient {
        try HTTPClient(configuration: HTTPClient.Configuration(trustSources: sources))
    }

    @Test func aReconnectResumesTheSession() throws {
        let sources = TrustSources(bundles: [try peer.freshRoot()])
        let client = try client(sources)
        let first = try client.send(HTTPClientRequest(method: "GET", url: peer.url("good", path: "close")))
        #expect(!first.reusedConnection)
        #expect(!first.resumedTLSSession)
        // The server closed the connection: this one is new, and resumes the first one's session.
        let second = try client.send(HTTPClientRequest(method: "GET", url: peer.url("good", path: "close")))
        #expect(!second.reusedConnection)
        #expect(second.resumedTLSSession)
        // Kept alive: no new connection, nothing to resume.
        let third = try client.send(HTTPClientRequest(method: "GET", url: peer.url("good")))
        let fourth = try client.send(HTTPClientRequest(method: "GET", url: peer.url("good")))
        #expect(!third.reusedConnection && third.resumedTLSSession)
        #expect(fourth.reusedConnection && !fourth.resumedTLSSession)
    }

    @Test func anotherClientTrustingTheSameCAsResumesTooButNotOneTrustingOthers() throws {
        let root = try peer.freshRoot()
        let sources = TrustSources(bundles: [root])
        _ = try client(sources).send(HTTPClientRequest(method: "GET", url: peer.url("good", path: "close")))
        let sibling = try client(sources).send(HTTPClientRequest(method: "GET", url: peer.url("good")))
        #expect(sibling.resumedTLSSession)
        // Same CA, but other sources: its own store and cache, so a full handshake and a full verification.
        let stranger = try client(TrustSources(bundles: [try peer.freshRoot()])).send(HTTPClientRequest(method: "GET", url: peer.url("good")))
        #expect(!stranger.resumedTLSSession)
    }

    @Test func aRefusedServerLeavesNoSessionToResume() throws {
        let sources = TrustSources(bundles: [try peer.freshRoot()])
        for _ in 0..<2 {
            let error = #expect(throws: HTTPClientError.self) {
                try client(sources).send(HTTPClientRequest(method: "GET", url: peer.url("expired")))
            }
            #expect(error?.kind == .tls)
        }
    }

    /// Eight threads, each with its own client, one shared trust store and session cache, new connections
    /// throughout (`/close`); the refused server stays refused while they run.
    @Test func clientsOnManyThreadsShareOneStore() throws {
        let sources = TrustSources(bundles: [try peer.freshRoot()])
        let good = peer.url("good", path: "close")
        let bad = peer.url("wronghost", path: "close")
        let results = Results()
        let threads = (0..<8).map { index in
            Thread {
                do {
                    // Handshakes against a Python server on a loaded machine: no tight connect timeout.
                    let client = try HTTPClient(configuration: HTTPClient.Configuration(connectTimeoutMilliseconds: 60_000, trustSources: sources))
                    for _ in 0..<6 {
                        let url = index % 4 == 3 ? bad : good
                        do {
                            let response = try client.send(HTTPClientRequest(method: "GET", url: url, timeoutMilliseconds: 60_000))
                            results.record(url == good && response.status == 200 ? "ok" : "unexpected success \(url)")
                            if response.resumedTLSSession { results.record("resumed") }
                        } catch {
                            results.record(url == bad && (error as? HTTPClientError)?.kind == .tls ? "refused" : "unexpected \(error)")
                        }
                    }
                } catch {
                    results.record("no client: \(error)")
                }
                results.finish()
            }
        }
        threads.forEach { $0.start() }
        #expect(results.waitForFinished(threads.count, seconds: 120))
        let outcomes = results.outcomes
        #expect(outcomes.filter { $0 == "ok" }.count == 36, "\(outcomes)")
        #expect(outcomes.filter { $0 == "refused" }.count == 12, "\(outcomes)")
        // The first connections race each other to the cache; later ones find a session there.
        #expect(outcomes.contains("resumed"), "\(outcomes)")
    }
}

/// What the threads saw, collected under a lock.
private final class Results: @unchecked Sendable {
    private let condition = NSCondition()
    private var recorded: [String] = []
    private var finished = 0

    func record(_ outcome: String) {
        condition.lock()
        recorded.append(outcome)
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished += 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForFinished(_ count: Int, seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while finished < count { if !condition.wait(until: deadline) { return false } }
        return true
    }

    var outcomes: [String] {
        condition.lock()
        defer { condition.unlock() }
        return recorded
    }
}
