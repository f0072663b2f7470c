import TestPeers
import Foundation
import LambdaRuntime
import Testing

/// `CurlRuntimeAPI` against a real HTTP server that records what it received: paths, headers and bodies
/// exactly as Lambda's Runtime API expects them.
@Suite struct CurlRuntimeAPITests {
    private static let next = "/2018-06-01/runtime/invocation/next"

    private func scriptInvocation(_ server: PeerServer, id: String, body: String, extraHeaders: [String: String] = [:]) throws {
        var headers = ["Lambda-Runtime-Aws-Request-Id": id, "Lambda-Runtime-Deadline-Ms": "1542409706888"]
        headers.merge(extraHeaders) { $1 }
        try server.script("GET", Self.next, headers: headers, body: body)
    }

    private func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func nextInvocationReadsTheEventAndItsHeaders() throws {
        let server = try PeerServer()
        try server.script("GET", Self.next, headers: [
            "lambda-runtime-aws-request-id": "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            "LAMBDA-RUNTIME-DEADLINE-MS": "1542409706888",
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
            "Lambda-Runtime-Trace-Id": "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            "Lambda-Runtime-Client-Context": #"{"client":{}}"#,
            "Lambda-Runtime-Cognito-Identity": #"{"cognitoIdentityId":"x"}"#,
        ], body: #"{"rawPath":"/products","body":"ü"}"#)
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        let invocation = try api.nextInvocation()

        #expect(invocation == Invocation(
            event: Array(#"{"rawPath":"/products","body":"ü"}"#.utf8), requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            deadlineEpochMilliseconds: 1_542_409_706_888,
            invokedFunctionARN: "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
            traceID: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            clientContext: #"{"client":{}}"#, cognitoIdentity: #"{"cognitoIdentityId":"x"}"#))
        let received = try server.requests()
        #expect(received.map(\.method) == ["GET"])
        #expect(received.map(\.path) == [Self.next])
        #expect(received.first?.header("Host") == server.hostAndPort)
    }

    @Test func aNextAnswerWithoutRequestIDIsAnError() throws {
        let server = try PeerServer()
        try server.script("GET", Self.next, headers: ["Lambda-Runtime-Deadline-Ms": "1542409706888"], body: "{}")
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        let error = #expect(throws: RuntimeAPIError.self) { try api.nextInvocation() }
        guard case .invalidInvocation = error else {
            Issue.record("expected invalidInvocation, got \(String(describing: error))")
            return
        }
    }

    @Test func nextWaitsForAsLongAsLambdaTakes() throws {
        let server = try PeerServer()
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        // The event arrives 1.5 s after the poll started: no timeout may cut the poll short.
        let scripted = DispatchSemaphore(value: 0)
        let baseURL = server.baseURL
        let scripter = Thread {
            Thread.sleep(forTimeInterval: 1.5)
            try? PeerServer.script("GET", Self.next, headers: [
                "Lambda-Runtime-Aws-Request-Id": "late", "Lambda-Runtime-Deadline-Ms": "1542409706888",
            ], baseURL: baseURL)
            scripted.signal()
        }
        scripter.start()
        let invocation = try api.nextInvocation()
        scripted.wait()
        #expect(invocation.requestID == "late")
    }

    @Test func postsTheResponseToItsInvocation() throws {
        let server = try PeerServer()
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        let body = #"{"statusCode":200,"body":"[]"}"#
        try api.postResponse(requestID: "r-1", body: Array(body.utf8))

        let received = try #require(try server.requests().first)
        #expect(received.method == "POST")
        #expect(received.path == "/2018-06-01/runtime/invocation/r-1/response")
        #expect(received.body == body)
        #expect(received.header("Content-Type") == "application/json")
        #expect(received.header("Content-Length") == String(body.utf8.count))
    }

    @Test func postsInvocationErrorsInLambdasShape() throws {
        let server = try PeerServer()
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        try api.postInvocationError(
            requestID: "r-2", error: InvocationError(errorType: "Products.NotFound", errorMessage: #"no "mug" here"#))

        let received = try #require(try server.requests().first)
        #expect(received.method == "POST")
        #expect(received.path == "/2018-06-01/runtime/invocation/r-2/error")
        #expect(received.header("Lambda-Runtime-Function-Error-Type") == "Products.NotFound")
        #expect(received.header("Content-Type") == "application/json")
        let document = try jsonObject(received.body)
        #expect(document.keys.sorted() == ["errorMessage", "errorType", "stackTrace"])
        #expect(document["errorMessage"] as? String == #"no "mug" here"#)
        #expect(document["errorType"] as? String == "Products.NotFound")
        #expect((document["stackTrace"] as? [Any])?.isEmpty == true)
    }

    @Test func postsInitErrors() throws {
        let server = try PeerServer()
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        try api.postInitError(InvocationError(errorType: "Runtime.InitError", errorMessage: "TABLE_NAME is not set"))

        let received = try #require(try server.requests().first)
        #expect(received.method == "POST")
        #expect(received.path == "/2018-06-01/runtime/init/error")
        #expect(received.header("Lambda-Runtime-Function-Error-Type") == "Runtime.InitError")
        let document = try jsonObject(received.body)
        #expect(document["errorMessage"] as? String == "TABLE_NAME is not set")
        #expect(document["errorType"] as? String == "Runtime.InitError")
    }

    @Test func anErrorTypeCannotSplitTheHeader() throws {
        let server = try PeerServer()
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        try api.postInvocationError(requestID: "r-3", error: InvocationError(errorType: "Bad\r\nX-Injected: 1", errorMessage: "m"))
        let received = try #require(try server.requests().first)
        #expect(received.header("X-Injected") == nil)
        #expect(received.header("Lambda-Runtime-Function-Error-Type") == "BadX-Injected: 1")
        #expect(try jsonObject(received.body)["errorType"] as? String == "Bad\r\nX-Injected: 1")
    }

    @Test(arguments: [413, 400, 403, 500, 502])
    func statusesOtherThan2xxAreReported(status: Int) throws {
        let server = try PeerServer()
        try server.script("POST", "/2018-06-01/runtime/invocation/r-4/response", status: status, body: "refused")
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        let error = #expect(throws: RuntimeAPIError.self) { try api.postResponse(requestID: "r-4", body: Array("{}".utf8)) }
        #expect(error == .unexpectedStatus(status, "refused"))
        #expect(error?.isTransient == (status >= 500))
    }

    @Test func aRuntimeAPIThatIsNotListeningRefusesAndIsTransient() throws {
        let server = try PeerServer()
        let endpoint = server.hostAndPort
        server.stop()
        let api = try CurlRuntimeAPI(endpoint: endpoint)
        let error = #expect(throws: RuntimeAPIError.self) { try api.nextInvocation() }
        guard case .refused = error else {
            Issue.record("expected refused, got \(String(describing: error))")
            return
        }
        #expect(error?.isTransient == true)
    }

    @Test func everyCallReusesOneConnection() throws {
        let server = try PeerServer()
        try scriptInvocation(server, id: "a", body: "{}")
        try scriptInvocation(server, id: "b", body: "{}")
        let api = try CurlRuntimeAPI(endpoint: server.hostAndPort)
        _ = try api.nextInvocation()
        try api.postResponse(requestID: "a", body: [])
        _ = try api.nextInvocation()
        try api.postInvocationError(requestID: "b", error: InvocationError(errorType: "E", errorMessage: "m"))

        let ports = try server.requests().map(\.clientPort)
        #expect(ports.count == 4)
        #expect(Set(ports).count == 1)
    }
}
