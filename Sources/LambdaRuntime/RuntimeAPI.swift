/// The Lambda Runtime API as the invoke loop sees it: a protocol so the loop can be driven by a scripted
/// double in tests, and by `CurlRuntimeAPI` in production.
package protocol RuntimeAPI: AnyObject {
    /// Blocks until Lambda has an event (the process may be frozen meanwhile): never time-limited.
    func nextInvocation() throws(RuntimeAPIError) -> Invocation
    func postResponse(requestID: String, body: [UInt8]) throws(RuntimeAPIError)
    func postInvocationError(requestID: String, error: InvocationError) throws(RuntimeAPIError)
    /// Sends `stream` while its body writes it. Returns the error the body threw (already reported to Lambda in
    /// the error trailers), nil when it completed; throws when the Runtime API did not take the stream.
    func postStreamingResponse(requestID: String, stream: ResponseStream) throws(RuntimeAPIError) -> (any Error)?
    /// Reports a failed initialisation; Lambda answers the pending invoke with it.
    func postInitError(_ error: InvocationError) throws(RuntimeAPIError)
}

extension RuntimeAPI {
    /// For a Runtime API that cannot stream: the body collected and posted whole, or its error posted as the
    /// invocation's error.
    package func postStreamingResponse(requestID: String, stream: ResponseStream) throws(RuntimeAPIError) -> (any Error)? {
        let body: [UInt8]
        do {
            body = try stream.collect()
        } catch {
            try postInvocationError(requestID: requestID, error: InvocationError(reporting: error))
            return error
        }
        try postResponse(requestID: requestID, body: body)
        return nil
    }
}

/// Why a Runtime API call did not succeed.
package enum RuntimeAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request did not get through (connect refused or timed out, connection dropped): worth a retry.
    case unreachable(String)
    /// Nothing accepted the connection: the Runtime API is not (or no longer) listening. Worth a retry too;
    /// right after a response it is also how SAM and AWS's emulator stop (RetryPolicy logs it quietly then).
    case refused(String)
    /// The Runtime API answered with a status other than 2xx; the text is its body.
    case unexpectedStatus(Int, String)
    /// The transport failed in a way a retry will not fix (a bad URL, say).
    case transportFailed(String)
    /// `/next` answered without what every invocation must carry.
    case invalidInvocation(String)

    /// Blips worth waiting out: the Runtime API is local, so these clear quickly or never.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .refused: true
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
        case .refused(let message): "Runtime API refused the connection: \(message)"
        case .unexpectedStatus(let status, let body): "Runtime API answered \(status): \(body)"
        case .transportFailed(let message): "Runtime API transport failed: \(message)"
        case .invalidInvocation(let message): "invalid invocation: \(message)"
        }
    }
}
