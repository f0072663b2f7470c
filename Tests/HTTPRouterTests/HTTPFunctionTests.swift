import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime
import Testing

/// The whole path: event bytes in, response document bytes out.
@Suite struct HTTPFunctionTests {
    /// Echoes what it received, so the test sees the decoded request through the encoded response.
    private func makeFunction() -> HTTPFunction {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        let echo: RouteHandler = { request, context in
            var headers = HTTPHeaders([("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
            headers.add("X-Path", request.path)
            return .json(
                200,
                [
                    "method": .string(request.method), "path": .string(request.path),
                    "body": .string(String(decoding: request.body, as: UTF8.self)), "requestId": .string(context.requestID),
                ], headers: headers)
        }
        for method in ["GET", "POST"] {
            router.add(method, "/", echo)
            router.add(method, "/hello/world", echo)
            router.add(method, "/my/path", echo)
        }
        return HTTPFunction(router: router)
    }

    @Test func theRealEventsArePresent() {
        // Without them the parameterised test below would run no case at all.
        #expect(Fixture.requestNames.count >= 8, "found \(Fixture.requestNames) in \(Fixture.directory.path)")
    }

    @Test(arguments: Fixture.requestNames)
    func servesEveryRealEvent(_ name: String) throws {
        let log = LogCapture()
        let eventBytes = try Fixture.bytes(name)
        let event = try HTTPEvent(try JSON.parse(eventBytes))
        let output = try makeFunction().handle(event: eventBytes, context: makeContext(requestID: "inv-1", log: log))
        let document = try JSON.parse(output)

        #expect(document["statusCode"] == 200)
        let body = try JSON.parse(try #require(document["body"]?.stringValue))
        #expect(body["method"] == .string(event.request.method))
        #expect(body["path"] == .string(event.request.path))
        #expect(body["requestId"] == "inv-1")
        #expect(body["body"] == .string(String(decoding: event.request.body, as: UTF8.self)))
        switch event.source {
        case .httpAPI, .functionURL:
            #expect(document["cookies"] == ["a=1", "b=2"])
            #expect(document["headers"]?["X-Path"] == .string(event.request.path))
        case .restAPI:
            #expect(document["multiValueHeaders"]?["Set-Cookie"] == ["a=1", "b=2"])
        case .applicationLoadBalancer:
            #expect(document["statusDescription"] == "200 OK")
            let multi = document["multiValueHeaders"]?["Set-Cookie"]
            #expect(event.responseFormat.multiValueHeaders ? multi == ["a=1", "b=2"] : document["headers"]?["Set-Cookie"] == "a=1, b=2")
        }

        // One access line, at INFO, and nothing else.
        let lines = log.lines
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line["level"] == "INFO")
        #expect(line["method"] == .string(event.request.method) && line["path"] == .string(event.request.path))
        #expect(line["status"] == 200 && line["source"] == .string(event.source.rawValue))
        #expect(line["durationMs"]?.numberText != nil)
    }

    @Test func unknownRoutesAnswerInTheSourceShape() throws {
        let v2 = #"{"version":"2.0","rawPath":"/v1/zzz","rawQueryString":"","requestContext":{"stage":"v1","http":{"method":"GET"}}}"#
        let document = try JSON.parse(try makeFunction().handle(event: Array(v2.utf8), context: makeContext(requestID: "r")))
        #expect(document["statusCode"] == 404)
        #expect(document["headers"]?["Access-Control-Allow-Origin"] == "*")
        let body = try JSON.parse(try #require(document["body"]?.stringValue))
        #expect(body["error"]?["code"] == "NotFound" && body["error"]?["requestId"] == "r")
    }

    @Test func aStagePrefixedPathRoutes() throws {
        let v2 = #"{"version":"2.0","rawPath":"/v1/my/path","requestContext":{"stage":"v1","http":{"method":"GET"}}}"#
        let document = try JSON.parse(try makeFunction().handle(event: Array(v2.utf8), context: makeContext()))
        #expect(document["statusCode"] == 200)
        #expect(document["headers"]?["X-Path"] == "/my/path")
    }

    @Test(arguments: [
        #"{"Records":[{"eventSource":"aws:sqs","body":"{}"}]}"#,
        #"{"Records":[{"eventSource":"aws:s3"}]}"#,
        #"{"hello":"world"}"#,
        #"[1,2]"#,
    ])
    func nonHTTPEventsThrowUnsupportedEvent(_ event: String) {
        let log = LogCapture()
        #expect {
            _ = try makeFunction().handle(event: Array(event.utf8), context: makeContext(log: log))
        } throws: { error in
            (error as? InvocationError)?.errorType == "UnsupportedEvent"
        }
        #expect(log.lines.isEmpty)
    }

    @Test func unsupportedEventMessageNamesTheSource() {
        let error = #expect(throws: InvocationError.self) {
            _ = try makeFunction().handle(event: Array(#"{"Records":[{"eventSource":"aws:sqs"}]}"#.utf8), context: makeContext())
        }
        #expect(error?.errorMessage.contains("aws:sqs") == true)
    }

    @Test(arguments: ["", "{", "not json", #"{"httpMethod":"GET""#])
    func malformedJSONThrowsInvalidEvent(_ event: String) {
        let error = #expect(throws: InvocationError.self) {
            _ = try makeFunction().handle(event: Array(event.utf8), context: makeContext())
        }
        #expect(error?.errorType == "InvalidEvent")
    }

    @Test func anUndecodableBodyIsA400InTheSourceShape() throws {
        let event = #"{"httpMethod":"POST","path":"/","requestContext":{"stage":"p"},"body":"%%%","isBase64Encoded":true,"multiValueHeaders":{}}"#
        let log = LogCapture()
        let document = try JSON.parse(try makeFunction().handle(event: Array(event.utf8), context: makeContext(requestID: "b", log: log)))
        #expect(document["statusCode"] == 400)
        #expect(document["multiValueHeaders"]?["Access-Control-Allow-Origin"] == ["*"])
        let body = try JSON.parse(try #require(document["body"]?.stringValue))
        #expect(body["error"]?["code"] == "BadRequest" && body["error"]?["requestId"] == "b")
        #expect(log.lines.first?["status"] == 400 && log.lines.first?["source"] == "apigateway-rest")
    }

    @Test func binaryResponsesAreBase64() throws {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        router.add("GET", "/img") { _, _ in HTTPResponse(status: 200, body: [0, 255, 1], isBinary: true) }
        let event = #"{"httpMethod":"GET","path":"/img","requestContext":{"stage":"p"}}"#
        let document = try JSON.parse(try HTTPFunction(router: router).handle(event: Array(event.utf8), context: makeContext()))
        #expect(document["isBase64Encoded"] == true && document["body"] == "AP8B")
    }
}
