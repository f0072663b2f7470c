import Codec
import HTTPEvents
import Testing

@Suite struct HeaderAndBodyTests {
    @Test func multiValueHeadersWinOverSingleValueHeaders() throws {
        let event = SampleEvents.rest(
            path: "/", extra: [
                ("headers", ["Accept": "b", "X-Only-Single": "s"]),
                ("multiValueHeaders", ["Accept": ["a", "b"], "Cookie": ["a=1; b=2", "c=3"]]),
            ])
        let request = try HTTPEvent(event).request
        #expect(request.headers.values(for: "accept") == ["a", "b"])
        #expect(request.headers["X-Only-Single"] == nil)
        #expect(request.cookies == ["a=1", "b=2", "c=3"])
    }

    @Test func headerNamesAreCaseInsensitive() throws {
        let event = SampleEvents.httpAPI(rawPath: "/", extra: [("headers", ["content-type": "text/plain"])])
        let request = try HTTPEvent(event).request
        #expect(request.headers["Content-Type"] == "text/plain")
        #expect(request.headers.contains("CONTENT-TYPE"))
    }

    @Test func base64BodiesAreDecoded() throws {
        let bytes: [UInt8] = [0, 1, 2, 0xFF, 0xFE]
        let event = SampleEvents.httpAPI(
            rawPath: "/", extra: [("body", .string(Base64.encode(bytes))), ("isBase64Encoded", true)])
        #expect(try HTTPEvent(event).request.body == bytes)
    }

    @Test func textBodiesStayAsTheyAre() throws {
        let event = SampleEvents.rest(path: "/", extra: [("body", "aGk="), ("isBase64Encoded", false)])
        #expect(try HTTPEvent(event).request.body == Array("aGk=".utf8))
    }

    @Test func invalidBase64IsATypedError() {
        let event = SampleEvents.alb(path: "/", extra: [("body", "not base64!"), ("isBase64Encoded", true)])
        #expect(throws: HTTPEventError.invalidBase64Body) { try HTTPEvent(event) }
        #expect(HTTPEventError.invalidBase64Body.isUnsupportedEvent == false)
    }

    @Test func wrongMemberTypesAreTypedErrors() {
        #expect(throws: HTTPEventError.malformedField("headers", expected: "an object")) {
            try HTTPEvent(SampleEvents.rest(path: "/", extra: [("headers", "Accept: */*")]))
        }
        #expect(throws: HTTPEventError.malformedField("multiValueHeaders.Accept", expected: "an array of strings")) {
            try HTTPEvent(SampleEvents.rest(path: "/", extra: [("multiValueHeaders", ["Accept": [1]])]))
        }
    }
}

@Suite struct ResponseEncodingTests {
    private var response: HTTPResponse {
        HTTPResponse(
            status: 200,
            headers: HTTPHeaders([
                ("Content-Type", "text/plain"), ("Set-Cookie", "a=1; Path=/"), ("set-cookie", "b=2"), ("Cache-Control", "no-cache"),
                ("cache-control", "no-store"),
            ]),
            body: Array("héllo".utf8))
    }

    @Test func restAPIKeepsRepeatedHeadersOnlyInTheMultiValueMap() {
        let document = HTTPResponseFormat(source: .restAPI, multiValueHeaders: true).encode(response)
        #expect(document["multiValueHeaders"]?["Set-Cookie"] == ["a=1; Path=/", "b=2"])
        #expect(document["multiValueHeaders"]?["Cache-Control"] == ["no-cache", "no-store"])
        #expect(document["headers"] == ["Content-Type": "text/plain"])
        #expect(document["body"] == "héllo" && document["isBase64Encoded"] == false)
        #expect(document.objectValue?.keys == ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"])
    }

    @Test func restAPIWithoutMultiValueJoinsRepeatedHeaders() {
        let document = HTTPResponseFormat(source: .restAPI).encode(response)
        #expect(document["multiValueHeaders"] == nil)
        #expect(document["headers"]?["Cache-Control"] == "no-cache, no-store")
    }

    @Test func payload2MovesSetCookieToCookiesAndJoinsTheRest() {
        for source in [HTTPEventSource.httpAPI, .functionURL] {
            let document = HTTPResponseFormat(source: source).encode(response)
            #expect(document["cookies"] == ["a=1; Path=/", "b=2"])
            #expect(document["headers"] == ["Content-Type": "text/plain", "Cache-Control": "no-cache, no-store"])
            #expect(document.objectValue?.keys == ["statusCode", "headers", "cookies", "body", "isBase64Encoded"])
        }
    }

    @Test func albDescribesTheStatus() {
        var notFound = response
        notFound.status = 404
        let document = HTTPResponseFormat(source: .applicationLoadBalancer, multiValueHeaders: true).encode(notFound)
        #expect(document["statusCode"] == 404 && document["statusDescription"] == "404 Not Found")
        #expect(document["multiValueHeaders"]?["Set-Cookie"] == ["a=1; Path=/", "b=2"])
        #expect(HTTPStatus.line(299) == "299 Success")
    }

    @Test(arguments: HTTPEventSource.allCases)
    func binaryBodiesTravelAsBase64(_ source: HTTPEventSource) {
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x00]
        let document = HTTPResponseFormat(source: source).encode(HTTPResponse(status: 200, body: bytes, isBinary: true))
        #expect(document["isBase64Encoded"] == true)
        #expect(document["body"]?.stringValue.flatMap(Base64.decode) == bytes)
    }

    @Test func invalidUTF8IsSentAsBase64EvenWhenNotMarkedBinary() {
        let document = HTTPResponseFormat(source: .httpAPI).encode(HTTPResponse(status: 200, body: [0xC3, 0x28]))
        #expect(document["isBase64Encoded"] == true && document["body"] == "wyg=")
    }
}
