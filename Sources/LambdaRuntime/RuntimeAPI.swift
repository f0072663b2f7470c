/// The Lambda Runtime API as the invoke loop sees it: a protocol so the loop can be driven by a scripted
/// double in tests, and by `CurlRuntimeAPI` in production.
package protocol RuntimeAPI: AnyObject {
    /// Blocks until Lambda has an event (the process may be frozen meanwhile): never time-limited.
    func nextInvocation() throws(RuntimeAPIError) -> Invocation
    func postResponse(requestID: String, body: [UInt8]) throws(RuntimeAPIError)
    func postInvocationError(requestID: String, error: InvocationError) throws(RuntimeAPIError)
    /// Reports a failed initialisation; Lambda answers the pending invoke with it.
    func postInitError(_ error: InvocationError) throws(RuntimeAPIError)
}

/// Why a Runtime API call did not succeed.
package enum RuntimeAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request did not get through (connect refused or timed out, connection dropped): worth a retry.
    case unreachable(String)
    /// The Runtime API answered with a status other than 2xx; the text is its body.
    case unexpectedStatus(Int, String)
    /// The transport failed in a way a retry will not fix (a bad URL, say).
    case transportFailed(String)
    /// `/next` answered without what every invocation must carry.
    case invalidInvocation(String)

    /// Blips worth waiting out: the Runtime API is local, so these clear quickly or never.
    public var isTransient: Bool {
        switch self {
        case .unreachable: true
        case .unexpectedStatus(let status, _): status >= 500
        case .transportFailed, .invalidInvocation: false
        }
    }

    public var status: Int? {
        if case .unexpectedStatus(let status, _) = self { return status }
        return nil
    }

    public var description: String {
        switch self {
        case .unreachable(let message): "Runtime API unreachable: \(message)"
        case .unexpectedStatus(let status, let body): "Runtime API answered \(status): \(body)"
        case .transportFailed(let message): "Runtime API transport failed: \(message)"
        case .invalidInvocation(let message): "invalid invocation: \(message)"
        }
    }
}
