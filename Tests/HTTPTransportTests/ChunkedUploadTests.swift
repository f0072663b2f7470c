import Foundation
import HTTPTransport
import TestPeers
import Testing

/// A body written while it is sent: the chunks and the trailers exactly as they reach a real HTTP/1.1 server.
@Suite struct ChunkedUploadTests {
    /// What the peer's `/echo` saw of a chunked request.
    struct ChunkedEcho {
        let body: String
        let chunks: [Int]
        let trailers: [[String]]
        let headers: [[String]]

        init(_ response: HTTPClientResponse) throws {
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
            body = object["body"] as? String ?? ""
            chunks = object["chunks"] as? [Int] ?? []
            trailers = object["trailers"] as? [[String]] ?? []
            headers = object["headers"] as? [[String]] ?? []
        }

        func header(_ name: String) -> String? { headers.first { $0[0].lowercased() == name.lowercased() }?[1] }
    }

    @Test func eachWriteIsOneChunkAndTheTrailersFollowTheLast() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let request = HTTPClientRequest(
            method: "POST", url: "\(server.baseURL)/echo/stream",
            headers: [(name: "Content-Type", value: "text/plain"), (name: "Trailer", value: "X-Outcome")])
        // Twice on one client: the second upload (on the same connection) is framed and trailed like the first.
        for round in 1...2 {
            let response = try client.send(request) { upload in
                try? upload.write(Array("first line\n".utf8))
                try? upload.write([])  // nothing: a zero-size chunk would end the body
                try? upload.write(Array("second \(round)\n".utf8))
                upload.trailers = [(name: "X-Outcome", value: "failed after \(round)")]
            }
            #expect(response.status == 200)
            #expect(response.reusedConnection == (round == 2))
            let echo = try ChunkedEcho(response)
            #expect(echo.body == "first line\nsecond \(round)\n")
            #expect(echo.chunks == [11, 9])
            #expect(echo.trailers == [["X-Outcome", "failed after \(round)"]])
            #expect(echo.header("Transfer-Encoding") == "chunked")
            #expect(echo.header("Content-Length") == nil)
            #expect(echo.header("Expect") == nil)
        }
    }

    @Test func aLargeWriteIsSentWholeAndNoTrailersMeansNone() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 300_000)
        let response = try client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/echo/big")) { upload in
            try? upload.write(big)
        }
        let echo = try ChunkedEcho(response)
        #expect(echo.body.utf8.count == big.count)
        #expect(echo.chunks.reduce(0, +) == big.count)
        #expect(echo.trailers.isEmpty)
    }

    /// The same client then sends buffered requests as before (its method and body options are set again).
    @Test func bufferedRequestsAfterAChunkedOneAreUnchanged() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        _ = try client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/echo/a")) { upload in
            try? upload.write(Array("streamed".utf8))
        }
        for round in 0..<10 {
            let body = Array("buffered \(round)".utf8)
            let echo = try Echo(client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/echo/b", body: body)))
            #expect(echo.body == "buffered \(round)")
            #expect(echo.header("Content-Length") == String(body.count))
            #expect(echo.header("Transfer-Encoding") == nil)
        }
        let get = try Echo(client.send(HTTPClientRequest(method: "GET", url: "\(server.baseURL)/echo/c")))
        #expect(get.method == "GET" && get.body.isEmpty)
    }

    @Test func aPeerThatHangsUpWithoutAnAnswerFailsTheTransfer() throws {
        let server = try PeerServer()
        let client = try HTTPClient()
        #expect(throws: HTTPClientError.self) {
            _ = try client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/drop")) { upload in
                try? upload.write(Array("lost".utf8))
            }
        }
        // The client is still usable.
        let echo = try Echo(client.send(HTTPClientRequest(method: "POST", url: "\(server.baseURL)/echo", body: Array("after".utf8))))
        #expect(echo.body == "after")
    }
}
