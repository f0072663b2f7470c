import TestPeers
import HTTPTransport
import Testing

/// Requests against a real HTTP/1.1 server: what goes on the wire and what comes back.
@Suite struct HTTPClientRequestTests {
    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func sendsMethodBodyAndHeaders(method: String) throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let body = Array(#"{"name":"grüne Tasse","price":12.50}"#.utf8)
        let response = try client.send(HTTPClientRequest(
            method: method, url: "\(server.baseURL)/echo/items/7?x=1",
            headers: [(name: "Content-Type", value: "application/x-amz-json-1.0"), (name: "X-Custom", value: "a b c")],
            body: body))

        #expect(response.status == 200)
        let echo = try Echo(response)
        #expect(echo.method == method)
        #expect(echo.path == "/echo/items/7?x=1")
        #expect(Array(echo.body.utf8) == body)
        #expect(echo.header("Content-Length") == String(body.count))
        #expect(echo.header("Content-Type") == "application/x-amz-json-1.0")
        #expect(echo.header("X-Custom") == "a b c")
        // No `Expect: 100-continue` round trip, no default Accept.
        #expect(echo.header("Expect") == nil)
        #expect(echo.header("Accept") == nil)
    }

    @Test func getSendsNoBody() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let response = try client.send(HTTPClientRequest(
            method: "GET", url: "\(server.baseURL)/echo", headers: [(name: "X-Trace", value: "t-1")]))
        let echo = try Echo(response)
        #expect(echo.method == "GET")
        #expect(echo.body.isEmpty)
        #expect(echo.header("Content-Length") == nil)
        #expect(echo.header("X-Trace") == "t-1")
    }

    @Test func postWithoutContentTypeIsNotLabelledAsAForm() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let echo = try Echo(client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/echo", body: Array("x".utf8))))
        #expect(echo.body == "x")
        #expect(echo.header("Content-Type") == nil)
    }

    @Test func emptyDeleteSendsZeroLength() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let echo = try Echo(client.send(HTTPClientRequest(method: "DELETE", url: "\(server.baseURL)/echo/items/7")))
        #expect(echo.method == "DELETE")
        #expect(echo.header("Content-Length") == "0")
    }

    @Test func methodsDoNotLeakIntoTheNextRequest() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        _ = try client.send(HTTPClientRequest(method: "PUT", url: "\(server.baseURL)/echo", body: Array("one".utf8)))
        let head = try client.send(HTTPClientRequest(method: "HEAD", url: "\(server.baseURL)/echo"))
        let get = try Echo(client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/echo")))
        let post = try Echo(client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/echo", body: Array("two".utf8))))

        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(get.method == "GET")
        #expect(get.body.isEmpty)
        #expect(post.method == "POST")
        #expect(post.body == "two")
        #expect(try server.requests().map(\.method) == ["PUT", "HEAD", "GET", "POST"])
    }

    @Test func responseHeadersAreCaseInsensitive() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let response = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/echo"))
        #expect(response.header("X-Peer-MiXeD-Case") == "yes")
        #expect(response.header("x-peer-mixed-case") == "yes")
        #expect(response.header("X-PEER-MIXED-CASE") == "yes")
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("X-Absent") == nil)
    }

    @Test func headerValuesAreTrimmedAndMayBeEmpty() throws {
        let server = try PeerServer()
        try server.script("GET", "/scripted", headers: ["X-Spaced": "  a  b \t", "X-Empty": "", "X-Colon": "k: v"])
        let client = try HTTPClient()
        let response = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/scripted"))
        #expect(response.header("X-Spaced") == "a  b")
        #expect(response.header("X-Empty") == "")
        #expect(response.header("X-Colon") == "k: v")
        #expect(response.header("Content-Length") == "0")
    }

    /// A transfer's headers are kept as received bytes: listed in order, and replaced whole when set.
    @Test func receivedHeadersListInOrderAndCanBeReplaced() throws {
        let server = try PeerServer()
        try server.script("GET", "/scripted", headers: ["X-Spaced": "  a  b \t", "X-Empty": ""])
        let client = try HTTPClient()
        var response = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/scripted"))
        let listed = response.headers
        #expect(listed.first { $0.name == "X-Spaced" }?.value == "a  b")
        #expect(listed.first { $0.name == "X-Empty" }?.value == "")
        for header in listed { #expect(response.header(header.name.uppercased()) == listed.first { $0.name.lowercased() == header.name.lowercased() }?.value) }
        // A second transfer on the same client does not change what the first one returned.
        _ = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/echo/2"))
        #expect(response.header("x-spaced") == "a  b")
        response.headers = [(name: "X-Only", value: "1")]
        #expect(response.header("x-only") == "1")
        #expect(response.header("X-Spaced") == nil)
        #expect(response.headers.count == 1)
    }

    @Test func errorStatusesAreAnswersNotErrors() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        for status in [400, 404, 413, 500, 503] {
            let response = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/status/\(status)"))
            #expect(response.status == status)
            #expect(String(decoding: response.body, as: UTF8.self) == "status \(status)")
        }
    }

    @Test func keepsTheConnectionAlive() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let first = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/echo/1"))
        let second = try client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/echo/2", body: [1, 2, 3]))
        let third = try client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/echo/3"))

        #expect(!first.reusedConnection)
        #expect(second.reusedConnection)
        #expect(third.reusedConnection)
        let ports = try server.requests().map(\.clientPort)
        #expect(ports.count == 3)
        #expect(Set(ports).count == 1)
    }

    @Test func largeBodiesRoundTrip() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let body = Array(String(repeating: "0123456789abcdef", count: 64 * 1024).utf8)  // 1 MiB
        let echo = try Echo(client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/echo", body: body)))
        #expect(echo.body.utf8.count == body.count)
        #expect(Array(echo.body.utf8) == body)
    }
}
