import Codec
import HTTPEvents
import Testing

/// The response documents in the fixtures are what our encoder writes for the equivalent `HTTPResponse`.
@Suite struct ResponseRoundTripTests {
    @Test func restAPIResponseWithMultiValueHeaders() throws {
        let fixture = try Fixture.json("apigw-response.json")
        let response = try equivalentResponse(fixture, headersFrom: "multiValueHeaders")
        let encoded = HTTPResponseFormat(source: .restAPI, multiValueHeaders: true).encode(response)
        // The fixture leaves out isBase64Encoded, which means false.
        var expected = fixture.objectValue!
        expected["isBase64Encoded"] = false
        #expect(sameJSON(encoded, .object(expected)), "\(encoded.text)")
    }

    @Test func functionURLResponseMovesSetCookieToCookies() throws {
        let fixture = try Fixture.json("lambda-urls-response.json")
        var response = try equivalentResponse(fixture, headersFrom: "headers")
        for cookie in fixture["cookies"]!.arrayValue! { response.headers.add("Set-Cookie", cookie.stringValue!) }
        for source in [HTTPEventSource.functionURL, .httpAPI] {
            let encoded = HTTPResponseFormat(source: source).encode(response)
            #expect(sameJSON(encoded, fixture), "\(source): \(encoded.text)")
        }
    }

    @Test func albResponseWithMultiValueHeaders() throws {
        let fixture = try Fixture.json("alb-lambda-target-response.json")
        let response = try equivalentResponse(fixture, headersFrom: "multiValueHeaders")
        let encoded = HTTPResponseFormat(source: .applicationLoadBalancer, multiValueHeaders: true).encode(response)
        // The fixture lists both maps (its `headers` holds a placeholder); a target group with multi-value
        // headers enabled reads only `multiValueHeaders`, so that is the one we send.
        var expected = fixture.objectValue!
        expected["headers"] = nil
        #expect(sameJSON(encoded, .object(expected)), "\(encoded.text)")
    }

    @Test func albResponseWithSingleValueHeaders() throws {
        let fixture = try Fixture.json("alb-lambda-target-response.json")
        let response = try equivalentResponse(fixture, headersFrom: "headers")
        let encoded = HTTPResponseFormat(source: .applicationLoadBalancer).encode(response)
        var expected = fixture.objectValue!
        expected["multiValueHeaders"] = nil
        #expect(sameJSON(encoded, .object(expected)), "\(encoded.text)")
    }

    @Test func decodedEventAnswersInItsOwnShape() throws {
        let response = HTTPResponse.json(201, ["ok": true])
        let rest = try HTTPEvent(try Fixture.json("apigw-request.json")).encode(response)
        #expect(rest["multiValueHeaders"]?["Content-Type"] == ["application/json"])
        #expect(rest["statusDescription"] == nil && rest["cookies"] == nil)
        let v2 = try HTTPEvent(try Fixture.json("apigw-v2-request-no-authorizer.json")).encode(response)
        #expect(v2["cookies"] == [] && v2["multiValueHeaders"] == nil)
        let alb = try HTTPEvent(try Fixture.json("alb-lambda-target-request-headers-only.json")).encode(response)
        #expect(alb["statusDescription"] == "201 Created")
        #expect(alb["headers"]?["Content-Type"] == "application/json")
        #expect(alb["body"] == #"{"ok":true}"#)
    }

    /// The `HTTPResponse` a response document describes.
    private func equivalentResponse(_ document: JSON, headersFrom key: String) throws -> HTTPResponse {
        var headers = HTTPHeaders()
        for member in try #require(document[key]?.objectValue) {
            for value in member.value.arrayValue ?? [member.value] { headers.add(member.key, try #require(value.stringValue)) }
        }
        return HTTPResponse(
            status: try #require(document["statusCode"]?.intValue), headers: headers,
            body: Array(try #require(document["body"]?.stringValue).utf8))
    }

    /// Equal as JSON documents: object member order does not matter.
    private func sameJSON(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            Set(x.keys) == Set(y.keys) && x.allSatisfy { member in y[member.key].map { sameJSON(member.value, $0) } ?? false }
        case (.array(let x), .array(let y)):
            x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
        default:
            a == b
        }
    }
}
