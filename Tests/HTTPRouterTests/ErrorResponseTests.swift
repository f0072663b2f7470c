import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime
import Testing

@Suite struct ErrorResponseTests {
    private struct DatabaseExploded: Error, CustomStringConvertible {
        var description: String { "table products-secret at 10.1.2.3 refused the connection" }
    }

    @Test func handlerHTTPErrorBecomesItsResponse() throws {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        router.add("PUT", "/products/{id}") { _, _ in
            throw HTTPError.conflict("The product changed.", code: "VersionConflict", details: ["currentVersion": 3])
        }
        let response = router.route(request("PUT", "/products/1"), context: makeContext(requestID: "abc"))
        #expect(response.status == 409)
        let body = try #require(response.json)
        #expect(body == ["error": ["code": "VersionConflict", "message": "The product changed.", "requestId": "abc", "details": ["currentVersion": 3]]])
        #expect(body.objectValue?.keys == ["error"])
    }

    @Test func errorBodyLeavesOutAbsentDetails() {
        let response = HTTPError.badRequest("Bad JSON.").response(requestID: "r")
        #expect(response.status == 400)
        #expect(response.json == ["error": ["code": "BadRequest", "message": "Bad JSON.", "requestId": "r"]])
    }

    @Test func errorHeadersAreSent() {
        let response = HTTPError.tooManyRequests(retryAfterSeconds: 5).response(requestID: "r")
        #expect(response.status == 429 && response.headers["Retry-After"] == "5")
        #expect(HTTPError.methodNotAllowed("PUT", allowed: ["GET", "OPTIONS"]).headers["Allow"] == "GET, OPTIONS")
    }

    @Test(arguments: [
        (HTTPError.badRequest("x"), 400, "BadRequest"), (.notFound(), 404, "NotFound"), (.conflict("x"), 409, "Conflict"),
        (.payloadTooLarge(limitBytes: 10), 413, "PayloadTooLarge"), (.unsupportedMediaType(), 415, "UnsupportedMediaType"),
        (.preconditionFailed("x"), 412, "PreconditionFailed"), (.preconditionRequired("x"), 428, "PreconditionRequired"),
        (.unprocessable("x"), 422, "ValidationError"), (.internalError(), 500, "InternalError"),
        (.serviceUnavailable(), 503, "ServiceUnavailable"), (.unauthorized(), 401, "Unauthorized"), (.forbidden(), 403, "Forbidden"),
    ])
    func constructorsCarryStatusAndCode(_ error: HTTPError, _ status: Int, _ code: String) {
        #expect(error.status == status && error.code == code)
        #expect(error.response(requestID: "r").json?["error"]?["code"] == .string(code))
    }

    @Test func otherErrorsBecomeAGeneric500AndAreLogged() throws {
        let log = LogCapture()
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        router.add("GET", "/boom") { _, _ in throw DatabaseExploded() }
        let response = router.route(request("GET", "/boom"), context: makeContext(requestID: "r-500", log: log))
        #expect(response.status == 500)
        #expect(response.json == ["error": ["code": "InternalError", "message": "An internal error occurred.", "requestId": "r-500"]])
        #expect(!response.text.contains("secret") && !response.text.contains("10.1.2.3"))
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")

        let errors = log.lines.filter { $0["level"] == "ERROR" }
        #expect(errors.count == 1)
        #expect(errors.first?["error"]?.stringValue?.contains("products-secret") == true)
        #expect(errors.first?["requestId"] == "r-500")
    }
}
