/// Why a transfer failed before an HTTP status came back.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What failed, coarsely: enough to decide whether a retry could help.
    public enum Kind: Sendable, Equatable {
        /// Name resolution or TCP connect failed: nothing was sent, so any request is safe to retry.
        case couldNotConnect
        case timedOut
        /// The handshake failed or the peer's certificate was not trusted.
        case tls
        /// The connection broke mid-transfer.
        case connectionLost
        case other
    }

    public let kind: Kind
    public let message: String
    public let curlCode: Int

    public init(kind: Kind, message: String, curlCode: Int = 0) {
        self.kind = kind
        self.message = message
        self.curlCode = curlCode
    }

    public var description: String { "\(message) (curl \(curlCode))" }
}
