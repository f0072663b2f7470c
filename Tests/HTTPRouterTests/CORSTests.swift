import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime
import Testing

@Suite struct CORSTests {
    private func router(_ cors: CORSPolicy) -> Router {
        let router = Router(cors: cors)
        router.add("GET", "/ok") { _, _ in HTTPResponse(status: 200, headers: HTTPHeaders([("Vary", "Accept-Encoding")])) }
        router.add("GET", "/fail") { _, _ in throw HTTPError.badRequest("no") }
        return router
    }

    @Test(arguments: [("GET", "/ok", 200), ("GET", "/fail", 400), ("GET", "/missing", 404), ("POST", "/ok", 405), ("OPTIONS", "/ok", 204)])
    func everyResponseCarriesCORSHeaders(_ method: String, _ path: String, _ status: Int) {
        let response = router(CORSPolicy(allowedOrigins: nil)).route(
            request(method, path, headers: [("Origin", "https://anywhere.example")]), context: makeContext())
        #expect(response.status == status)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Access-Control-Expose-Headers"] == "Location, ETag, Retry-After, WWW-Authenticate, Idempotent-Replayed")
    }

    @Test func allowListEchoesAListedOriginAndVariesOnOrigin() {
        let cors = CORSPolicy(allowedOrigins: ["https://shop.example", "https://admin.example"])
        for path in ["/ok", "/fail", "/missing"] {
            let response = router(cors).route(request("GET", path, headers: [("origin", "https://admin.example")]), context: makeContext())
            #expect(response.headers["Access-Control-Allow-Origin"] == "https://admin.example", "\(path)")
            #expect(response.headers.values(for: "Vary").count == 1)
            #expect(response.headers["Vary"]?.hasSuffix("Origin") == true)
        }
        let ok = router(cors).route(request("GET", "/ok", headers: [("Origin", "https://shop.example")]), context: makeContext())
        #expect(ok.headers["Vary"] == "Accept-Encoding, Origin")
    }

    @Test func allowListRefusesOtherOrigins() {
        let cors = CORSPolicy(allowedOrigins: ["https://shop.example"])
        for origin in ["https://evil.example", "https://shop.example.evil", nil] {
            let headers = origin.map { [("Origin", $0)] } ?? []
            let response = router(cors).route(request("OPTIONS", "/ok", headers: headers), context: makeContext())
            #expect(response.headers["Access-Control-Allow-Origin"] == nil)
            #expect(response.headers["Vary"] == "Origin")
        }
    }

    @Test func policyFromEnvironment() {
        #expect(CORSPolicy(environment: { _ in nil }).allowedOrigins == nil)
        #expect(CORSPolicy(environment: { _ in "" }).allowedOrigins == nil)
        #expect(CORSPolicy(environment: { _ in "*" }).allowedOrigins == nil)
        let listed = CORSPolicy(environment: { $0 == "CORS_ALLOWED_ORIGINS" ? " https://a.example, https://b.example ," : nil })
        #expect(listed.allowedOrigins == ["https://a.example", "https://b.example"])
        #expect(listed.allowedHeaders == [
            "Content-Type", "Authorization", "If-Match", "Idempotency-Key", "X-Amz-Date", "X-Api-Key", "X-Amz-Security-Token",
            "X-Requested-With",
        ])
        #expect(listed.exposedHeaders == ["Location", "ETag", "Retry-After", "WWW-Authenticate", "Idempotent-Replayed"])
    }

    @Test func errorsBeforeRoutingGetCORSToo() {
        let response = router(CORSPolicy(allowedOrigins: nil)).response(for: .badRequest("bad"), request: nil, context: makeContext())
        #expect(response.status == 400 && response.headers["Access-Control-Allow-Origin"] == "*")
    }
}
