import TestPeers
import Foundation
import HTTPTransport
import Testing

/// The Runtime API is local: a proxy in the environment must never capture it. Serialized because it
/// changes process-wide environment variables.
@Suite(.serialized) struct HTTPClientProxyTests {
    private static let proxyVariables = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"]

    /// Points every proxy variable at `proxy` for the duration of `body`, then restores them.
    private func withProxyEnvironment(_ proxy: String, _ body: () throws -> Void) rethrows {
        let saved = Self.proxyVariables.map { ($0, getenv($0).map { String(cString: $0) }) }
        defer {
            for (name, value) in saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        for name in ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"] { setenv(name, proxy, 1) }
        unsetenv("no_proxy")
        unsetenv("NO_PROXY")
        try body()
    }

    @Test func proxyVariablesAreIgnoredByDefault() throws {
        let target = try PeerServer()
        let proxy = try PeerServer()
        let client = try HTTPClient()
        try withProxyEnvironment(proxy.baseURL) {
            let response = try client.send(HTTPClientRequest(method: "GET", url: "\(target.baseURL)/echo/direct"))
            #expect(response.status == 200)
        }
        #expect(try target.requests().map(\.path) == ["/echo/direct"])
        #expect(try proxy.requests().isEmpty)
    }

    /// The control: the same setup with proxies honoured does reach the proxy, so the test above can fail.
    @Test func proxyVariablesAreHonouredWhenAsked() throws {
        let target = try PeerServer()
        let proxy = try PeerServer()
        let client = try HTTPClient(configuration: HTTPClient.Configuration(ignoreProxies: false))
        try withProxyEnvironment(proxy.baseURL) {
            _ = try client.send(HTTPClientRequest(method: "GET", url: "\(target.baseURL)/echo/proxied"))
        }
        #expect(try proxy.requests().map(\.path) == ["\(target.baseURL)/echo/proxied"])
        #expect(try target.requests().isEmpty)
    }
}
