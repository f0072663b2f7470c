import Foundation
import HTTPTransport
import TestPeers

/// HTTPS servers over a throw-away PKI (`Tests/TestPeers/Fixtures/tls_peer.py`), one per certificate case,
/// started once per test process. Tests that count handshakes or sessions trust a private copy of the root
/// (`freshRoot()`): the process keeps one trust store and one session cache per set of sources.
final class TLSPeer: @unchecked Sendable {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let workdir: String
    private let ports: [String: Int]
    private let peer: PythonPeer

    static let shared = Result { try TLSPeer() }

    private init() throws {
        workdir = FileManager.default.temporaryDirectory.appendingPathComponent("tls-peer-\(UUID().uuidString)").path
        peer = try PythonPeer(script: "Tests/TestPeers/Fixtures/tls_peer.py", arguments: [workdir])
        guard let ready = try? JSONSerialization.jsonObject(with: Data(peer.readyLine.utf8)) as? [String: Any],
            let ports = ready["ports"] as? [String: Int]
        else { throw StartError(description: "unexpected tls peer output: \(peer.readyLine)") }
        self.ports = ports
    }

    /// `https://<host>:<port of case>/<path>`.
    func url(_ server: String, path: String = "hello", host: String = "localhost") -> String {
        "https://\(host):\(ports[server] ?? 0)/\(path)"
    }

    func file(_ name: String) -> String { "\(workdir)/\(name)" }

    /// A copy of the root under a new name: trust sources no other test uses.
    func freshRoot() throws -> String {
        let path = file("root-\(UUID().uuidString).pem")
        try FileManager.default.copyItem(atPath: file("root.pem"), toPath: path)
        return path
    }
}
