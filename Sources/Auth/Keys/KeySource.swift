import Codec
import HTTPTransport
import Synchronization

/// Why the signing keys could not be fetched.
public struct KeyFetchError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// The issuer's HTTP status when it answered (200 when the document itself was unusable); `nil` when no
    /// answer came (connection, time-out).
    public let status: Int?
    public init(_ description: String, status: Int? = nil) {
        self.description = description
        self.status = status
    }

    /// The issuer said 429 Too Many Requests: a throttle, not a fault.
    public var isThrottle: Bool { status == 429 }
}

/// Where the JWKS document comes from: the issuer over HTTPS in production.
public protocol KeySource: Sendable {
    /// The URL named in the fetch's trace subsegment.
    var url: String { get }
    /// `traceHeader` goes on the request as `X-Amzn-Trace-Id` when the invocation is traced.
    func fetch(deadline: Int64, traceHeader: String?) throws(KeyFetchError) -> [UInt8]
}

/// GETs the JWKS over the shared libcurl client. The client (and its connection) is made at the first fetch,
/// never at init, and used by one fetch at a time.
public final class HTTPKeySource: KeySource {
    /// One attempt never takes longer than this, whatever the invocation's deadline.
    public static let timeoutMilliseconds: Int64 = 2000

    public let url: String
    private let client = Mutex<HTTPClient?>(nil)

    public init(url: String) { self.url = url }

    public func fetch(deadline: Int64, traceHeader: String?) throws(KeyFetchError) -> [UInt8] {
        let timeout = min(Self.timeoutMilliseconds, deadline - UTCTime.nowMilliseconds())
        guard timeout > 0 else { throw KeyFetchError("no time left before the deadline") }
        var headers = [(name: "Accept", value: "application/json")]
        if let traceHeader { headers.append((name: "X-Amzn-Trace-Id", value: traceHeader)) }
        let request = HTTPClientRequest(method: "GET", url: url, headers: headers, timeoutMilliseconds: Int(timeout))
        let response = try client.withLock { (client) throws(KeyFetchError) -> HTTPClientResponse in
            do throws(HTTPClientError) {
                if client == nil { client = try HTTPClient() }
                return try client!.send(request)
            } catch {
                // A broken connection must not poison the next attempt.
                client = nil
                throw KeyFetchError("GET \(url): \(error.description)")
            }
        }
        guard response.status == 200 else { throw KeyFetchError("GET \(url): HTTP \(response.status)", status: response.status) }
        return response.body
    }
}
