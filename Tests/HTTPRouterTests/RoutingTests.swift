import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime
import Testing

@Suite struct RoutingTests {
    /// Each handler answers with its own name and the parameters it was given.
    private func makeRouter() -> Router {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        func answer(_ name: String) -> RouteHandler {
            { request, _ in
                let parameters = request.pathParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                return HTTPResponse(status: 200, body: Array(([name] + parameters).joined(separator: " ").utf8))
            }
        }
        router.add("GET", "/products", answer("list"))
        router.add("post", "/products", answer("create"))
        router.add("GET", "/products/{id}", answer("get"))
        router.add("DELETE", "/products/{id}", answer("delete"))
        router.add("GET", "/products/search", answer("search"))
        router.add("GET", "/products/{id}/reviews/{reviewId}", answer("review"))
        router.add("GET", "/", answer("root"))
        return router
    }

    @Test(arguments: [
        ("GET", "/products", "list"),
        ("POST", "/products", "create"),
        ("post", "/products/", "create"),
        ("GET", "/products/42", "get id=42"),
        ("DELETE", "/products/42/", "delete id=42"),
        ("GET", "/products/search", "search"),
        ("GET", "/products/a b/reviews/7", "review id=a b reviewId=7"),
        ("GET", "/", "root"),
    ])
    func dispatches(_ method: String, _ path: String, _ expected: String) {
        let response = makeRouter().route(request(method, path), context: makeContext())
        #expect(response.status == 200)
        #expect(response.text == expected)
    }

    /// The literal route owns its path, as an API Gateway resource does: another method there is its 405,
    /// never the parameter route's answer for an id spelled like the literal.
    @Test func otherMethodsOnALiteralPathAre405() {
        let response = makeRouter().route(request("DELETE", "/products/search"), context: makeContext())
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test func literalBeatsParameterWhicheverIsRegisteredFirst() {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        router.add("GET", "/items/{id}") { _, _ in HTTPResponse(status: 200, body: Array("param".utf8)) }
        router.add("GET", "/items/new") { _, _ in HTTPResponse(status: 200, body: Array("literal".utf8)) }
        router.add("GET", "/{kind}/{id}/x") { _, _ in HTTPResponse(status: 200, body: Array("params".utf8)) }
        router.add("GET", "/{kind}/new/x") { _, _ in HTTPResponse(status: 200, body: Array("later literal".utf8)) }
        #expect(router.route(request("GET", "/items/new"), context: makeContext()).text == "literal")
        #expect(router.route(request("GET", "/items/old"), context: makeContext()).text == "param")
        #expect(router.route(request("GET", "/a/new/x"), context: makeContext()).text == "later literal")
    }

    @Test(arguments: ["/nope", "/products/42/extra", "/products//", "//products", "/products/42/reviews/"])
    func unknownPathsAre404(_ path: String) throws {
        let response = makeRouter().route(request("GET", path), context: makeContext(requestID: "r-404"))
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "application/json")
        let error = try #require(response.json?["error"])
        #expect(error["code"] == "NotFound")
        #expect(error["requestId"] == "r-404")
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let response = makeRouter().route(request("PUT", "/products/42"), context: makeContext())
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, DELETE, HEAD, OPTIONS")
        #expect(response.json?["error"]?["code"] == "MethodNotAllowed")
        let list = makeRouter().route(request("DELETE", "/products"), context: makeContext())
        #expect(list.headers["Allow"] == "GET, POST, HEAD, OPTIONS")
    }

    @Test func headIsServedByGetWithoutBody() {
        let response = makeRouter().route(request("HEAD", "/products/42"), context: makeContext())
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        let onlyPost = Router(cors: CORSPolicy(allowedOrigins: nil))
        onlyPost.add("POST", "/x") { _, _ in HTTPResponse(status: 201) }
        #expect(onlyPost.route(request("HEAD", "/x"), context: makeContext()).status == 405)
    }

    @Test func optionsOnAKnownPathIsAPreflight() {
        let response = makeRouter().route(
            request("OPTIONS", "/products/42", headers: [("Origin", "https://shop.example"), ("Access-Control-Request-Method", "DELETE")]),
            context: makeContext())
        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        #expect(response.headers["Access-Control-Allow-Methods"] == "GET, DELETE, HEAD, OPTIONS")
        #expect(response.headers["Access-Control-Allow-Headers"] == CORSPolicy.defaultAllowedHeaders.joined(separator: ", "))
        #expect(response.headers["Access-Control-Max-Age"] == "600")
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
    }

    @Test func optionsOnAnUnknownPathIs404() {
        #expect(makeRouter().route(request("OPTIONS", "/nope"), context: makeContext()).status == 404)
    }

    @Test func anExplicitOptionsRouteWins() {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        router.add("OPTIONS", "/x") { _, _ in HTTPResponse(status: 200, body: Array("mine".utf8)) }
        #expect(router.route(request("OPTIONS", "/x"), context: makeContext()).text == "mine")
    }

    @Test func parametersAreTheRawDecodedSegment() {
        let router = Router(cors: CORSPolicy(allowedOrigins: nil))
        var seen: [String: String] = [:]
        router.add("GET", "/p/{id}") { request, _ in
            seen = request.pathParameters
            return HTTPResponse(status: 204)
        }
        _ = router.route(request("GET", "/p/café"), context: makeContext())
        #expect(seen == ["id": "café"])
    }
}
