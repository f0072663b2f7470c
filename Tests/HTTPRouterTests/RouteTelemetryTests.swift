import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime
import Telemetry
import Testing

/// The router names the matched pattern for the metrics' route dimension, never the raw path.
struct RouteTelemetryTests {
    func routeDimension(_ method: String, _ path: String) throws -> String? {
        let router = Router()
        router.add("GET", "/products/{id}") { _, _ in .json(200, ["ok": true]) }
        router.add("GET", "/products/special") { _, _ in .json(200, ["ok": true]) }
        router.add("POST", "/products") { _, _ in .json(201, ["ok": true]) }
        let context = makeContext()
        let response = router.route(request(method, path), context: context)
        context.telemetry.recordResponse(status: response.status, durationNanoseconds: 1)
        return try context.telemetry.metricsDocument().json()["route"]?.stringValue
    }

    @Test func matchedPatternsNotPaths() throws {
        #expect(try routeDimension("GET", "/products/prod_123") == "GET /products/{id}")
        #expect(try routeDimension("GET", "/products/special") == "GET /products/special")
        #expect(try routeDimension("HEAD", "/products/prod_9") == "HEAD /products/{id}")
        #expect(try routeDimension("DELETE", "/products/prod_9") == "DELETE /products/{id}")
        #expect(try routeDimension("OPTIONS", "/products") == "OPTIONS /products")
    }

    @Test func unmatchedAndInventedMethodsStayBounded() throws {
        #expect(try routeDimension("GET", "/anything/\(Int.random(in: 0...1_000_000))") == "UNMATCHED")
        #expect(try routeDimension("BREW", "/products") == "OTHER /products")
    }

    @Test func httpFunctionRecordsStatusAndLatency() throws {
        let router = Router()
        router.add("GET", "/health") { _, _ in .json(200, ["status": "ok"]) }
        let context = makeContext()
        let event = #"{"resource":"/health","path":"/health","httpMethod":"GET","headers":{},"requestContext":{"stage":"Prod","requestId":"x"},"body":null,"isBase64Encoded":false}"#
        _ = try HTTPFunction(router: router).handle(event: Array(event.utf8), context: context)
        let document = try context.telemetry.metricsDocument().json()
        #expect(document["statusCode"]?.intValue == 200 && document["Status2xx"]?.intValue == 1)
        #expect(document["route"]?.stringValue == "GET /health" && document["Latency"] != nil)
    }
}
