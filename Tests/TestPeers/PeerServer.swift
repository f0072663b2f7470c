import Foundation
import HTTPTransport

/// A real HTTP/1.1 server for tests (`Fixtures/http_peer.py`, started as a `PythonPeer`) that records what
/// it receives and answers what a test scripts. Each test starts its own, so tests stay independent when Swift Testing runs them in parallel.
/// Starting throws (failing the test) when the server cannot start.
public final class PeerServer {
    public struct RecordedRequest {
        public let method: String
        public let path: String
        public let headers: [(name: String, value: String)]
        public let body: String
        /// The client's TCP port: equal ports mean one reused connection.
        public let clientPort: Int
        /// For a chunked body: each chunk's size, and the trailers after the last one (nil otherwise).
        public var chunks: [Int]? = nil
        public var trailers: [(name: String, value: String)]? = nil

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// `host:port`, as Lambda sets `AWS_LAMBDA_RUNTIME_API`.
    public var hostAndPort: String { "127.0.0.1:\(port)" }

    private let peer: PythonPeer
    /// For the control paths (/__script, /__requests); never the client under test.
    private let control: HTTPClient

    /// `port` 0 lets the system choose.
    public init(port: Int = 0) throws {
        peer = try PythonPeer(script: "Tests/TestPeers/Fixtures/http_peer.py", arguments: ["--port", String(port)])
        // The fixture's first line is "PORT <n>".
        guard peer.readyLine.hasPrefix("PORT "), let port = Int(peer.readyLine.dropFirst(5)) else {
            throw PythonPeer.StartFailure(description: "the peer server did not start (it printed \(peer.readyLine.debugDescription))")
        }
        self.port = port
        control = try HTTPClient()
    }

    public func stop() { peer.stop() }

    /// The next request to `method path` gets this answer (for `/next`: the next invocation).
    public func script(
        _ method: String, _ path: String, status: Int = 200, headers: [String: String] = [:], body: String = ""
    ) throws {
        try Self.script(method, path, status: status, headers: headers, body: body, baseURL: baseURL, client: control)
    }

    /// The same from another thread, over a client of its own.
    public static func script(
        _ method: String, _ path: String, status: Int = 200, headers: [String: String] = [:], body: String = "",
        baseURL: String, client: HTTPClient? = nil
    ) throws {
        let document: [String: Any] = ["method": method, "path": path, "status": status, "headers": headers, "body": body]
        let response = try (client ?? HTTPClient()).send(HTTPClientRequest(
            method: "POST", url: "\(baseURL)/__script", body: Array(try JSONSerialization.data(withJSONObject: document))))
        guard response.status == 200 else { throw PythonPeer.StartFailure(description: "scripting failed: \(response.status)") }
    }

    /// Everything the server received so far, in order (control paths excluded).
    public func requests() throws -> [RecordedRequest] {
        let response = try control.send(HTTPClientRequest(method: "GET", url: "\(baseURL)/__requests"))
        let list = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
        return list.map { entry in
            let pairs = entry["headers"] as? [[String]] ?? []
            return RecordedRequest(
                method: entry["method"] as? String ?? "", path: entry["path"] as? String ?? "",
                headers: pairs.map { (name: $0[0], value: $0[1]) }, body: entry["body"] as? String ?? "",
                clientPort: entry["clientPort"] as? Int ?? 0, chunks: entry["chunks"] as? [Int],
                trailers: (entry["trailers"] as? [[String]])?.map { (name: $0[0], value: $0[1]) })
        }
    }
}
