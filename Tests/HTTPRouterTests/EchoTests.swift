import Codec
import HTTPEvents
import HTTPRouter
import Testing

/// Regressions from the hostile-input corpus: a 2.5 MB path of quotes came back as a 10 MB answer (each quote
/// escaped twice), over Lambda's 6 MB limit, so the client got a 502 instead of the 404.
@Suite struct EchoTests {
    @Test func shortTextIsQuotedWhole() {
        #expect(Echo.excerpt("/products/x") == "/products/x")
        let limit = String(repeating: "é", count: Echo.maximumScalars)
        #expect(Echo.excerpt(limit) == limit)
    }

    @Test func longTextIsCutAtAScalarBoundary() {
        let text = String(repeating: "😀", count: Echo.maximumScalars + 1)
        let excerpt = Echo.excerpt(text)
        #expect(excerpt.unicodeScalars.count == Echo.maximumScalars + 1)
        #expect(excerpt.hasSuffix("…"))
        #expect(excerpt.unicodeScalars.dropLast().allSatisfy { $0 == "😀" })
    }

    @Test func aHugePathGetsASmall404() throws {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        let path = "/" + String(repeating: "\"", count: 2_500_000)
        let response = router.route(request("GET", path), context: makeContext())
        #expect(response.status == 404)
        #expect(response.body.count < 1000)
    }

    @Test func aHugeMethodGetsASmall405() throws {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        router.add("GET", "/products") { _, _ in HTTPResponse(status: 200) }
        let response = router.route(request(String(repeating: "M", count: 200_000), "/products"), context: makeContext())
        #expect(response.status == 405)
        #expect(response.body.count < 1000)
    }
}
