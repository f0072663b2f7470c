import Codec
import HTTPEvents
import Testing

@Suite struct StageAndPathTests {
    @Test func restAPIPathWithoutStageIsKept() throws {
        #expect(try HTTPEvent(SampleEvents.rest(path: "/products/42")).request.path == "/products/42")
    }

    @Test func restAPIPathCarryingTheStageLosesIt() throws {
        #expect(try HTTPEvent(SampleEvents.rest(path: "/prod/products/42")).request.path == "/products/42")
        #expect(try HTTPEvent(SampleEvents.rest(path: "/prod")).request.path == "/")
        // Only a whole first segment is the stage.
        #expect(try HTTPEvent(SampleEvents.rest(path: "/production/x")).request.path == "/production/x")
    }

    @Test func httpAPINamedStageIsStripped() throws {
        let event = try HTTPEvent(SampleEvents.httpAPI(rawPath: "/v1/products/42", stage: "v1"))
        #expect(event.request.path == "/products/42")
        #expect(try HTTPEvent(SampleEvents.httpAPI(rawPath: "/v1/", stage: "v1")).request.path == "/")
    }

    @Test func defaultStageStripsNothing() throws {
        // A path whose first segment spells "$default" is still left alone.
        #expect(try HTTPEvent(SampleEvents.httpAPI(rawPath: "/$default/products")).request.path == "/$default/products")
        #expect(try HTTPEvent(SampleEvents.rest(path: "/products", stage: "$default")).request.path == "/products")
    }

    @Test func functionURLsHaveNoStage() throws {
        let event = try HTTPEvent(SampleEvents.functionURL(rawPath: "/prod/products"))
        #expect(event.source == .functionURL)
        #expect(event.request.path == "/prod/products")
    }

    @Test func pathsArePercentDecodedAndStartWithSlash() throws {
        #expect(try HTTPEvent(SampleEvents.rest(path: "/products/a%20b%C3%A9")).request.path == "/products/a bé")
        #expect(try HTTPEvent(SampleEvents.alb(path: "products")).request.path == "/products")
        #expect(try HTTPEvent(SampleEvents.httpAPI(rawPath: "")).request.path == "/")
        // "+" is a plus in a path, and a stray "%" stays as it is.
        #expect(try HTTPEvent(SampleEvents.alb(path: "/a+b/100%/%zz")).request.path == "/a+b/100%/%zz")
    }
}

@Suite struct QueryTests {
    @Test func httpAPIRawQueryIsDecoded() throws {
        let event = SampleEvents.httpAPI(rawPath: "/", rawQuery: "q=red%20shoes&tag=a&tag=b%26c&plus=1+2&flag&=x")
        let query = try HTTPEvent(event).request.query
        #expect(query.map(\.name) == ["q", "tag", "tag", "plus", "flag", ""])
        #expect(query.map(\.value) == ["red shoes", "a", "b&c", "1 2", "", "x"])
    }

    @Test func albQueryParametersArriveEncodedAndAreDecoded() throws {
        let single = SampleEvents.alb(path: "/", extra: [("queryStringParameters", ["x": "foo%3Dbar", "na%20me": "a+b"])])
        let request = try HTTPEvent(single).request
        #expect(request.queryValue("x") == "foo=bar")
        #expect(request.queryValue("na me") == "a b")

        let multi = SampleEvents.alb(path: "/", extra: [("multiValueQueryStringParameters", ["t": ["%C3%A9", "b"]])])
        #expect(try HTTPEvent(multi).request.query.map(\.value) == ["é", "b"])
    }

    @Test func restAPIQueryIsAlreadyDecodedAndMultiValueWins() throws {
        let event = SampleEvents.rest(
            path: "/", extra: [
                ("queryStringParameters", ["tag": "b", "q": "50%"]),
                ("multiValueQueryStringParameters", ["tag": ["a", "b"], "q": ["50%"]]),
            ])
        let query = try HTTPEvent(event).request.query
        #expect(query.map(\.name) == ["tag", "tag", "q"])
        #expect(query.map(\.value) == ["a", "b", "50%"])
    }

    @Test func nullMapsCountAsAbsent() throws {
        let event = SampleEvents.rest(
            path: "/", extra: [("queryStringParameters", nil), ("multiValueQueryStringParameters", nil), ("headers", nil), ("body", nil)])
        let request = try HTTPEvent(event).request
        #expect(request.query.isEmpty && request.headers.isEmpty && request.body.isEmpty)
    }
}
