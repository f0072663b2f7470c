import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime
import Products
import Testing

@Suite struct HealthRouteTests {
    private func health(environment: [String: String], coldStart: Bool) throws -> (HTTPResponse, JSON) {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        HealthRoute.register(on: router) { environment[$0] }
        let context = LambdaContext(requestID: "req-health", deadlineEpochMilliseconds: Int64.max, isColdStart: coldStart)
        let response = router.route(HTTPRequest(method: "GET", path: "/health"), context: context)
        return (response, try JSON.parse(response.body))
    }

    @Test func answersOkWithTheFunctionAndWhetherTheStartWasCold() throws {
        let (response, body) = try health(
            environment: ["AWS_LAMBDA_FUNCTION_NAME": "products", "AWS_LAMBDA_FUNCTION_VERSION": "7"], coldStart: true)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(body["status"] == "ok")
        #expect(body["coldStart"] == .bool(true))
        #expect(body["requestId"] == "req-health")
        #expect(body["functionName"] == "products")
        #expect(body["functionVersion"] == "7")
    }

    @Test func warmInvocationsSayNotColdAndUnsetNamesAreLeftOut() throws {
        let (response, body) = try health(environment: [:], coldStart: false)
        #expect(response.status == 200)
        #expect(body["coldStart"] == .bool(false))
        #expect(body["functionName"] == nil)
        #expect(body["functionVersion"] == nil)
    }
}
