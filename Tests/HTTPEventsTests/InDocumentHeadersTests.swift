import Codec
import HTTPEvents
import Testing

/// Headers decoded from a parsed event stay in its document until changed; they read, compare and change
/// exactly as headers built from strings do.
@Suite struct InDocumentHeadersTests {
    private func request(_ event: JSON) throws -> HTTPRequest {
        let view = try JSONDocument(parsing: event.serialized()).root
        return try HTTPEvent(view, source: try HTTPEventSource.detect(view)).request
    }

    private let event = SampleEvents.rest(
        path: "/", extra: [("multiValueHeaders", ["Accept": ["a", "b"], "Origin": ["https://x.test"], "Cookie": ["a=1; b=2"]])])

    @Test func readsAsStringBuiltHeadersDo() throws {
        let headers = try request(event).headers
        let built = HTTPHeaders(headers.fields.map { ($0.name, $0.value) })
        #expect(headers == built)
        #expect(headers["ORIGIN"] == "https://x.test")
        #expect(headers.values(for: "accept") == ["a", "b"])
        #expect(headers.contains("cookie"))
        #expect(!headers.contains("Authorization"))
        #expect(!headers.isEmpty)
        #expect(Array(headers).map(\.name) == built.fields.map(\.name))
        #expect(try request(event).cookies == ["a=1", "b=2"])
    }

    @Test func changingThemKeepsTheRest() throws {
        var headers = try request(event).headers
        headers.set("accept", "c")
        headers.add("X-New", "1")
        #expect(headers.values(for: "Accept") == ["c"])
        #expect(headers["Origin"] == "https://x.test")
        #expect(headers.fields.map(\.name) == ["Origin", "Cookie", "accept", "X-New"])
        var emptied = try request(SampleEvents.httpAPI(rawPath: "/", extra: [("headers", ["a": "1"])])).headers
        emptied.remove("A")
        #expect(emptied.isEmpty && emptied == HTTPHeaders())
    }

    @Test func aMalformedMapIsStillNamed() throws {
        let bad = SampleEvents.rest(path: "/", extra: [("multiValueHeaders", ["Accept": "not a list"])])
        #expect(throws: HTTPEventError.malformedField("multiValueHeaders.Accept", expected: "an array of strings")) { try request(bad) }
        let single = SampleEvents.httpAPI(rawPath: "/", extra: [("headers", ["a": 1])])
        #expect(throws: HTTPEventError.malformedField("headers.a", expected: "a string")) { try request(single) }
    }
}
