import Codec
import HTTPEvents
import Testing

/// The http-integration-response prelude: the status, headers and cookies as JSON, then 8 NUL bytes.
@Suite struct StreamingPreludeTests {
    @Test func preludeIsTheStatusHeadersAndCookiesThenEightNULs() {
        var headers = HTTPHeaders([("Content-Type", "application/x-ndjson"), ("Vary", "Origin")])
        headers.add("Set-Cookie", "a=1; Secure")
        headers.add("Set-Cookie", "b=2")
        headers.add("Vary", "Accept")
        let bytes = HTTPResponseFormat.prelude(HTTPResponse(status: 206, headers: headers))
        let json = #"{"statusCode":206,"headers":{"Content-Type":"application/x-ndjson","Vary":"Origin, Accept"},"cookies":["a=1; Secure","b=2"]}"#
        #expect(bytes == Array(json.utf8) + [0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func noHeadersNoCookiesStillNameBoth() {
        let bytes = HTTPResponseFormat.prelude(HTTPResponse(status: 200))
        #expect(bytes == Array(#"{"statusCode":200,"headers":{},"cookies":[]}"#.utf8) + HTTPResponseFormat.preludeDelimiter)
    }

    @Test(arguments: [
        (HTTPEventSource.restAPI, true), (.functionURL, true), (.applicationLoadBalancer, false), (.httpAPI, false),
    ])
    func onlyRESTAPIsAndFunctionURLsStream(source: HTTPEventSource, streams: Bool) {
        #expect(HTTPResponseFormat(source: source).streams == streams)
    }
}
