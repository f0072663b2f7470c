import TestPeers
import Foundation
import LambdaRuntime
import Testing

extension RuntimeLoopTests {
    /// The whole loop over a real Runtime API server: what Lambda receives, in order.
    @Test func servesEventsOverTheRealRuntimeAPI() throws {
        let server = try PeerServer()
        let next = "/2018-06-01/runtime/invocation/next"
        for (id, body) in [("ok-1", "hello"), ("fails-2", "boom"), ("big-3", "large")] {
            try server.script("GET", next, headers: [
                "Lambda-Runtime-Aws-Request-Id": id, "Lambda-Runtime-Deadline-Ms": "99999999999999",
                "Lambda-Runtime-Trace-Id": "Root=1-\(id)",
            ], body: body)
        }
        try server.script("POST", "/2018-06-01/runtime/invocation/big-3/response", status: 413, body: "too large")
        let handler = ClosureHandler { event, context in
            if context.requestID == "fails-2" { throw InvocationError(errorType: "Demo.Failure", errorMessage: "it broke") }
            return Array(String(decoding: event, as: UTF8.self).uppercased().utf8)
        }
        let loop = RuntimeLoop(api: try CurlRuntimeAPI(endpoint: server.hostAndPort), handler: handler, logger: LogCapture().logger)
        try loop.run(invocations: 3)

        let received = try server.requests()
        #expect(received.map { "\($0.method) \($0.path)" } == [
            "GET \(next)",
            "POST /2018-06-01/runtime/invocation/ok-1/response",
            "GET \(next)",
            "POST /2018-06-01/runtime/invocation/fails-2/error",
            "GET \(next)",
            "POST /2018-06-01/runtime/invocation/big-3/response",
            "POST /2018-06-01/runtime/invocation/big-3/error",
        ])
        #expect(received[1].body == "HELLO")
        #expect(received[3].header("Lambda-Runtime-Function-Error-Type") == "Demo.Failure")
        #expect(received[3].body == #"{"errorMessage":"it broke","errorType":"Demo.Failure","stackTrace":[]}"#)
        #expect(received[6].header("Lambda-Runtime-Function-Error-Type") == "Function.ResponseSizeTooLarge")
        #expect(handler.contexts.map(\.traceID) == ["Root=1-ok-1", "Root=1-fails-2", "Root=1-big-3"])
        #expect(Set(received.map(\.clientPort)).count == 1)
    }
}
