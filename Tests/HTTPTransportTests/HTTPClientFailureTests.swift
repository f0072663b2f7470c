import TestPeers
import HTTPTransport
import Testing

/// How transfers fail: each kind is what callers branch on (retry, give up, report).
@Suite struct HTTPClientFailureTests {
    @Test func noTimeoutWaitsForASlowAnswer() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let response = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/sleep/1200"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "slept")
    }

    @Test func aRequestTimeoutCutsASlowAnswerShort() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/sleep/3000", timeoutMilliseconds: 150))
        }
        #expect(error?.kind == .timedOut)
        // The timeout belongs to that request only: the next one, without, waits as long as it takes.
        let next = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/sleep/300"))
        #expect(next.status == 200)
    }

    @Test func refusedConnection() throws {
        let server = try PeerServer()
        let url = "\(server.baseURL)/echo"
        server.stop()
        let client = try HTTPClient()
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPClientRequest(method: "GET", url: url))
        }
        #expect(error?.kind == .couldNotConnect)
        #expect(error?.message.isEmpty == false)
    }

    @Test(arguments: ["/drop", "/truncate"])
    func serverDroppingTheConnection(path: String) throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)\(path)"))
        }
        #expect(error?.kind == .connectionLost)
        // The handle recovers: the next request opens a fresh connection.
        let next = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/echo"))
        #expect(next.status == 200)
        #expect(!next.reusedConnection)
    }

    @Test func serverClosingAnIdleConnectionIsNotAnError() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        _ = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/echo"))
        // The peer restarts on the same port: the kept-alive connection is dead, and curl must notice.
        let port = server.port
        server.stop()
        let again = try PeerServer(port: port)
        let response = try client.send(HTTPClientRequest(method: "GET", url: "\(again.baseURL)/echo"))
        #expect(response.status == 200)
        #expect(!response.reusedConnection)
    }
}
