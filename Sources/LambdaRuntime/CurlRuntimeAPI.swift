import Codec
import HTTPTransport

/// The Runtime API over one reused `HTTPClient` (the connection stays open between events, proxies are
/// ignored, and the `/next` long poll has no timeout).
package final class CurlRuntimeAPI: RuntimeAPI {
    /// `http://<AWS_LAMBDA_RUNTIME_API>/2018-06-01/runtime`
    public let baseURL: String
    private let client: HTTPClient
    /// The same for every event, so built once.
    private let nextRequest: HTTPClientRequest

    /// `endpoint` is `AWS_LAMBDA_RUNTIME_API` as Lambda sets it: `host:port`.
    public init(endpoint: String) throws(HTTPClientError) {
        baseURL = "http://\(endpoint)/2018-06-01/runtime"
        client = try HTTPClient(configuration: HTTPClient.Configuration(ignoreProxies: true))
        nextRequest = HTTPClientRequest(method: "GET", url: "\(baseURL)/invocation/next")
    }

    public func nextInvocation() throws(RuntimeAPIError) -> Invocation {
        let response = try send(nextRequest)
        return try Invocation(event: response.body, header: response.header)
    }

    public func postResponse(requestID: String, body: [UInt8]) throws(RuntimeAPIError) {
        _ = try send(HTTPClientRequest(
            method: "POST", url: "\(baseURL)/invocation/\(requestID)/response",
            headers: [(name: "Content-Type", value: "application/json")], body: body))
    }

    /// The body goes out chunked as it is written; when it throws, the last chunk is followed by the error as
    /// trailers (its type, and the error document base64-encoded), which is how Lambda learns that a stream
    /// it has partly passed on failed.
    public func postStreamingResponse(requestID: String, stream: ResponseStream) throws(RuntimeAPIError) -> (any Error)? {
        let request = HTTPClientRequest(
            method: "POST", url: "\(baseURL)/invocation/\(requestID)/response",
            headers: [
                (name: "Content-Type", value: stream.contentType),
                (name: "Lambda-Runtime-Function-Response-Mode", value: "streaming"),
                (name: "Trailer", value: "\(Self.errorTypeHeader), \(Self.errorBodyTrailer)"),
            ])
        var failure: (any Error)?
        _ = try send { () throws(HTTPClientError) in
            try client.send(request) { upload in
                do {
                    try stream.body(upload)
                } catch {
                    failure = error
                    let report = InvocationError(reporting: error)
                    upload.trailers = [
                        (name: Self.errorTypeHeader, value: Self.headerSafe(report.errorType)),
                        (name: Self.errorBodyTrailer, value: Base64.encode(Self.errorDocument(report).serialized())),
                    ]
                }
            }
        }
        return failure
    }

    public func postInvocationError(requestID: String, error: InvocationError) throws(RuntimeAPIError) {
        _ = try send(errorRequest(url: "\(baseURL)/invocation/\(requestID)/error", error))
    }

    public func postInitError(_ error: InvocationError) throws(RuntimeAPIError) {
        _ = try send(errorRequest(url: "\(baseURL)/init/error", error))
    }

    static let errorTypeHeader = "Lambda-Runtime-Function-Error-Type"
    static let errorBodyTrailer = "Lambda-Runtime-Function-Error-Body"

    /// The shape Lambda documents: `{"errorMessage", "errorType", "stackTrace"}`.
    private static func errorDocument(_ error: InvocationError) -> JSON {
        ["errorMessage": .string(error.errorMessage), "errorType": .string(error.errorType), "stackTrace": []]
    }

    /// The error document plus its type as a header.
    private func errorRequest(url: String, _ error: InvocationError) -> HTTPClientRequest {
        HTTPClientRequest(
            method: "POST", url: url,
            headers: [
                (name: "Content-Type", value: "application/json"),
                (name: Self.errorTypeHeader, value: Self.headerSafe(error.errorType)),
            ],
            body: Self.errorDocument(error).serialized())
    }

    private func send(_ request: HTTPClientRequest) throws(RuntimeAPIError) -> HTTPClientResponse {
        try send { () throws(HTTPClientError) in try client.send(request) }
    }

    /// A transfer's failure as a `RuntimeAPIError`, and any status but 2xx as one too.
    private func send(_ transfer: () throws(HTTPClientError) -> HTTPClientResponse) throws(RuntimeAPIError) -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try transfer()
        } catch {
            switch error.kind {
            case .couldNotConnect: throw .refused(error.description)
            case .connectionLost, .timedOut: throw .unreachable(error.description)
            case .tls, .other: throw .transportFailed(error.description)
            }
        }
        guard (200..<300).contains(response.status) else {
            throw .unexpectedStatus(response.status, String(decoding: response.body.prefix(1024), as: UTF8.self))
        }
        return response
    }

    /// A type name with a line break in it must not split the header.
    private static func headerSafe(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
    }
}
