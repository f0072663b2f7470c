import Codec
import Foundation
import LambdaRuntime
import TestPeers
import Testing

/// Response streaming over a real Runtime API server: the request, the chunks and the error trailers as sent.
/// The loops export no trace id: `_X_AMZN_TRACE_ID` is process-wide and other suites run alongside.
@Suite struct StreamingResponseTests {
    struct Broke: Error, CustomStringConvertible {
        var description: String { "page 2 is gone" }
    }

    final class StreamingHandler: LambdaHandler {
        let fail: Bool
        init(fail: Bool) { self.fail = fail }
        func handle(event: [UInt8], context: LambdaContext) throws -> [UInt8] { [] }
        func respond(to event: [UInt8], context: LambdaContext) throws -> LambdaResponse {
            .streamed(ResponseStream(contentType: "application/x-ndjson") { writer in
                try writer.write(Array("{\"n\":1}\n".utf8))
                try writer.write(Array("{\"n\":2}\n".utf8))
                if self.fail { throw Broke() }
                try writer.write(Array("{\"n\":3}\n".utf8))
            })
        }
    }

    private func serve(_ handler: StreamingHandler, logs: LogCapture) throws -> [PeerServer.RecordedRequest] {
        let server = try PeerServer()
        let next = "/2018-06-01/runtime/invocation/next"
        for id in ["s-1", "b-2"] {
            try server.script("GET", next, headers: ["Lambda-Runtime-Aws-Request-Id": id, "Lambda-Runtime-Deadline-Ms": "99999999999999"], body: "{}")
        }
        let buffered = ClosureHandler { _, _ in Array("buffered".utf8) }
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        try RuntimeLoop(api: api, handler: handler, logger: logs.logger, exportsTraceID: false).run(invocations: 1)
        // The same Runtime API client answers the next invocation the buffered way, as before.
        try RuntimeLoop(api: api, handler: buffered, logger: logs.logger, exportsTraceID: false).run(invocations: 1)
        return try server.requests()
    }

    @Test func aStreamGoesOutChunkedWithTheStreamingModeHeader() throws {
        let received = try serve(StreamingHandler(fail: false), logs: LogCapture())
        let post = try #require(received.first { $0.path == "/2018-06-01/runtime/invocation/s-1/response" })
        #expect(post.header("Lambda-Runtime-Function-Response-Mode") == "streaming")
        #expect(post.header("Transfer-Encoding") == "chunked")
        #expect(post.header("Content-Type") == "application/x-ndjson")
        #expect(post.header("Trailer") == "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body")
        #expect(post.body == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
        #expect(post.chunks == [8, 8, 8])
        #expect(post.trailers?.isEmpty == true)
        let after = try #require(received.first { $0.path == "/2018-06-01/runtime/invocation/b-2/response" })
        #expect(after.body == "buffered")
        #expect(after.chunks == nil)
        #expect(after.header("Lambda-Runtime-Function-Response-Mode") == nil)
    }

    @Test func anErrorMidStreamIsSentAsTheErrorTrailers() throws {
        let logs = LogCapture()
        let received = try serve(StreamingHandler(fail: true), logs: logs)
        let post = try #require(received.first { $0.path == "/2018-06-01/runtime/invocation/s-1/response" })
        #expect(post.body == "{\"n\":1}\n{\"n\":2}\n")
        let trailers = try #require(post.trailers)
        #expect(trailers.map(\.name) == ["Lambda-Runtime-Function-Error-Type", "Lambda-Runtime-Function-Error-Body"])
        #expect(trailers[0].value == "Broke")
        let document = try #require(Base64.decode(trailers[1].value))
        #expect(String(decoding: document, as: UTF8.self) == #"{"errorMessage":"page 2 is gone","errorType":"Broke","stackTrace":[]}"#)
        // Nothing is posted to /error: the trailers are the report.
        #expect(!received.contains { $0.path.hasSuffix("/s-1/error") })
        let logged = logs.lines(withMessage: "invocation failed mid-stream")
        #expect(logged.count == 1)
        #expect(logged.first?["errorType"] as? String == "Broke")
        #expect(received.contains { $0.path == "/2018-06-01/runtime/invocation/b-2/response" && $0.body == "buffered" })
    }

    /// A Runtime API that cannot stream gets the body whole, or the error as the invocation's error.
    @Test func withoutStreamingTheBodyIsCollected() throws {
        let api = ScriptedRuntimeAPI(invocations: [invocation("a"), invocation("b")])
        try RuntimeLoop(api: api, handler: StreamingHandler(fail: false), logger: LogCapture().logger, exportsTraceID: false).run(invocations: 1)
        try RuntimeLoop(api: api, handler: StreamingHandler(fail: true), logger: LogCapture().logger, exportsTraceID: false).run(invocations: 1)
        #expect(api.postedResponses == [.response(requestID: "a", body: "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")])
        #expect(api.postedErrors == [.error(requestID: "b", InvocationError(errorType: "Broke", errorMessage: "page 2 is gone"))])
    }
}
