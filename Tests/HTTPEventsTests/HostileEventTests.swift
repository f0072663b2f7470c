import Codec
import HTTPEvents
import Testing

/// Regressions from the hostile-input corpus: an event with 300,000 header members (100,000 here) looked each one up by name
/// in the map it was walking (quadratic), and the invocation timed out instead of answering.
@Suite struct HostileEventTests {
    static let memberCount = 100_000

    @Test func hundredsOfThousandsOfHeadersDecodeInOnePass() throws {
        let headers = JSONObject((0..<Self.memberCount).map { ("h\($0)", JSON.string("v\($0)")) })
        let event = SampleEvents.rest(path: "/", extra: [("headers", .object(headers))])
        let request = try HTTPEvent(event).request
        #expect(request.headers.fields.count == Self.memberCount)
        #expect(request.headers.fields.last?.name == "h99999")
        #expect(request.headers["h12345"] == "v12345")
    }

    @Test func hundredsOfThousandsOfMultiValueHeadersDecodeInOnePass() throws {
        let headers = JSONObject((0..<Self.memberCount).map { ("h\($0)", JSON.array(["a", "b"])) })
        let event = SampleEvents.alb(path: "/", extra: [("multiValueHeaders", .object(headers))])
        let request = try HTTPEvent(event).request
        #expect(request.headers.fields.count == 2 * Self.memberCount)
    }

    @Test func aWrongTypeDeepInAMapStillNamesTheMember() {
        let headers = JSONObject((0..<1000).map { ("h\($0)", JSON.string("v")) } + [("Host", .number("1"))])
        let event = SampleEvents.rest(path: "/", extra: [("headers", .object(headers))])
        #expect(throws: HTTPEventError.malformedField("headers.Host", expected: "a string")) { try HTTPEvent(event) }
    }
}
