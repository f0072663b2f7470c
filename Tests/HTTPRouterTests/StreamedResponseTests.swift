import Foundation
import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime
import Testing

/// A route answering with a body stream: streamed (prelude, 8 NULs, body) to sources that stream, collected
/// into the usual document for the others, never streamed for HEAD.
@Suite struct StreamedResponseTests {
    struct PageTwoFailed: Error {}

    private func makeFunction(failing: Bool = false) -> HTTPFunction {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        router.add("GET", "/lines") { _, _ in
            .streamed(200, headers: HTTPHeaders([("Content-Type", "application/x-ndjson")]), HTTPBodyStream { emit in
                try emit(Array("{\"n\":1}\n".utf8))
                if failing { throw PageTwoFailed() }
                try emit(Array("{\"n\":2}\n".utf8))
            })
        }
        return HTTPFunction(router: router)
    }

    private let rest = #"{"httpMethod":"GET","path":"/lines","resource":"/{proxy+}","headers":{},"requestContext":{"stage":"Prod"}}"#
    private let alb = #"{"httpMethod":"GET","path":"/lines","headers":{},"requestContext":{"elb":{"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1"}}}"#

    @Test func aRESTAPIEventIsStreamedWithThePrelude() throws {
        guard case .streamed(let stream) = try makeFunction().respond(to: Array(rest.utf8), context: makeContext()) else {
            Issue.record("expected a streamed response")
            return
        }
        #expect(stream.contentType == "application/vnd.awslambda.http-integration-response")
        let bytes = try stream.collect()
        let end = try #require(bytes.firstIndex(of: 0))
        #expect(Array(bytes[end..<end + 8]) == [UInt8](repeating: 0, count: 8))
        #expect(Array(bytes[(end + 8)...]) == Array("{\"n\":1}\n{\"n\":2}\n".utf8))
        let prelude = try JSON.parse(Array(bytes[..<end]))
        #expect(prelude["statusCode"] == 200)
        #expect(prelude["headers"]?["Content-Type"] == "application/x-ndjson")
        #expect(prelude["headers"]?["Access-Control-Allow-Origin"] == "*")  // the router's CORS headers travel too
        #expect(prelude["cookies"] == [])
        #expect(prelude["body"] == nil)
    }

    @Test func aFailureMidStreamIsThrownFromTheStream() throws {
        guard case .streamed(let stream) = try makeFunction(failing: true).respond(to: Array(rest.utf8), context: makeContext()) else {
            Issue.record("expected a streamed response")
            return
        }
        #expect(throws: PageTwoFailed.self) { try stream.collect() }
    }

    @Test func anALBEventGetsTheWholeBodyInOneDocument() throws {
        guard case .buffered(let bytes) = try makeFunction().respond(to: Array(alb.utf8), context: makeContext()) else {
            Issue.record("an ALB cannot stream")
            return
        }
        let document = try JSON.parse(bytes)
        #expect(document["statusCode"] == 200)
        #expect(document["body"]?.stringValue == "{\"n\":1}\n{\"n\":2}\n")
    }

    @Test func anALBEventWhoseStreamFailsGetsA500() throws {
        let log = LogCapture()
        let bytes = try makeFunction(failing: true).handle(event: Array(alb.utf8), context: makeContext(log: log))
        #expect(try JSON.parse(bytes)["statusCode"] == 500)
    }

    @Test func headIsAnsweredWithoutTheStream() throws {
        let head = rest.replacingOccurrences(of: #""httpMethod":"GET""#, with: #""httpMethod":"HEAD""#)
        guard case .buffered(let bytes) = try makeFunction().respond(to: Array(head.utf8), context: makeContext()) else {
            Issue.record("HEAD has no body to stream")
            return
        }
        let document = try JSON.parse(bytes)
        #expect(document["statusCode"] == 200)
        #expect(document["body"]?.stringValue == "")
    }
}

/// A literal route owns its path: other methods there are 405, not a parameter route's with that segment.
@Suite struct LiteralRouteTests {
    @Test func aLiteralSegmentOutranksAParameterForEveryMethod() {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        router.add("GET", "/products/export") { _, _ in HTTPResponse(status: 200, body: Array("export".utf8)) }
        router.add("GET", "/products/{id}") { request, _ in HTTPResponse(status: 200, body: Array((request.pathParameters["id"] ?? "").utf8)) }
        router.add("PUT", "/products/{id}") { _, _ in HTTPResponse(status: 200) }
        #expect(router.route(HTTPRequest(method: "GET", path: "/products/export"), context: makeContext()).body == Array("export".utf8))
        #expect(router.route(HTTPRequest(method: "GET", path: "/products/42"), context: makeContext()).body == Array("42".utf8))
        let put = router.route(HTTPRequest(method: "PUT", path: "/products/export"), context: makeContext())
        #expect(put.status == 405)
        #expect(put.headers["Allow"] == "GET, HEAD, OPTIONS")
        #expect(router.route(HTTPRequest(method: "PUT", path: "/products/42"), context: makeContext()).status == 200)
    }
}
