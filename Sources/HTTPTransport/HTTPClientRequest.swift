import Codec

/// One request for `HTTPClient`: the same shape serves the Runtime API and DynamoDB.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Whole-transfer limit; `nil` waits for ever (the Runtime API's long poll for the next event).
    public var timeoutMilliseconds: Int?

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeoutMilliseconds: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}

/// A complete response: status, headers and body.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    /// In order as received; a name may repeat.
    public var headers: [(name: String, value: String)] {
        get { received?.pairs ?? givenHeaders }
        set {
            givenHeaders = newValue
            received = nil
        }
    }
    public var body: [UInt8]
    /// False when this transfer had to open a new connection (and, over HTTPS, do a new handshake).
    public var reusedConnection: Bool
    /// True when this transfer opened a new TLS connection that resumed an earlier session (no full
    /// handshake, no certificate chain to verify again).
    public var resumedTLSSession: Bool
    private var givenHeaders: [(name: String, value: String)]
    /// What a transfer received; when set, it is the headers (and `givenHeaders` is empty).
    private var received: ReceivedHeaders?

    public init(
        status: Int, headers: [(name: String, value: String)], body: [UInt8], reusedConnection: Bool, resumedTLSSession: Bool = false
    ) {
        self.status = status
        self.givenHeaders = headers
        self.body = body
        self.reusedConnection = reusedConnection
        self.resumedTLSSession = resumedTLSSession
    }

    init(status: Int, received: ReceivedHeaders, body: [UInt8], reusedConnection: Bool, resumedTLSSession: Bool) {
        self.init(status: status, headers: [], body: body, reusedConnection: reusedConnection, resumedTLSSession: resumedTLSSession)
        self.received = received
    }

    /// Header names are case-insensitive; the first value wins.
    public func header(_ name: String) -> String? {
        if let received { return received.value(named: name) }
        return givenHeaders.first { ASCII.equalsIgnoringCase($0.name, name) }?.value
    }
}
