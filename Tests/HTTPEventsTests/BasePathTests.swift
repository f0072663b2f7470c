import Codec
import HTTPEvents
import Testing

/// Where each front door's URL puts the API: the request's `basePath` is what a link must keep.
@Suite struct BasePathTests {
    private func request(_ event: JSON) throws -> HTTPRequest { try HTTPEvent(event).request }

    private func rest(path: String, clientPath: String, resource: String?, parameters: JSON = .null) -> JSON {
        var event = JSONObject([
            ("httpMethod", "POST"), ("path", .string(path)), ("pathParameters", parameters),
            ("requestContext", ["stage": "Prod", "requestId": "r-1", "path": .string(clientPath)]),
        ])
        if let resource { event["resource"] = .string(resource) }
        return .object(event)
    }

    @Test func restDefaultDomainKeepsTheStage() throws {
        let literal = try request(rest(path: "/products", clientPath: "/Prod/products", resource: "/products"))
        #expect(literal.path == "/products" && literal.basePath == "/Prod")
        #expect(literal.link(to: "/products/42") == "/Prod/products/42")

        let parameter = try request(
            rest(path: "/products/42", clientPath: "/Prod/products/42", resource: "/products/{id}", parameters: ["id": "42"]))
        #expect(parameter.path == "/products/42" && parameter.basePath == "/Prod")

        let greedy = try request(
            rest(path: "/products/42", clientPath: "/Prod/products/42", resource: "/{proxy+}", parameters: ["proxy": "products/42"]))
        #expect(greedy.path == "/products/42" && greedy.basePath == "/Prod")

        // No resource in the event: the client path still ends with the event's path.
        let bare = try request(rest(path: "/products", clientPath: "/Prod/products", resource: nil))
        #expect(bare.path == "/products" && bare.basePath == "/Prod")
    }

    @Test func restCustomDomainAtTheRootHasNoBasePath() throws {
        let request = try request(rest(path: "/products", clientPath: "/products", resource: "/products"))
        #expect(request.path == "/products" && request.basePath == "")
        #expect(request.link(to: "/products/42") == "/products/42")
    }

    @Test func restCustomDomainBasePathIsStrippedForRoutingAndKeptForLinks() throws {
        let one = try request(rest(path: "/shop/products", clientPath: "/shop/products", resource: "/products"))
        #expect(one.path == "/products" && one.basePath == "/shop")

        let two = try request(
            rest(path: "/shop/v1/products/42", clientPath: "/shop/v1/products/42", resource: "/{proxy+}", parameters: ["proxy": "products/42"]))
        #expect(two.path == "/products/42" && two.basePath == "/shop/v1")

        let root = try request(rest(path: "/shop/", clientPath: "/shop/", resource: "/"))
        #expect(root.path == "/" && root.basePath == "/shop")
    }

    @Test func httpAPIStages() throws {
        let named = try request(
            SampleEvents.httpAPI(rawPath: "/v1/products/42", stage: "v1", extra: [("routeKey", "GET /products/{id}"), ("pathParameters", ["id": "42"])]))
        #expect(named.path == "/products/42" && named.basePath == "/v1")

        // The `$default` route says nothing about the path: the stage still does.
        let catchAll = try request(SampleEvents.httpAPI(rawPath: "/v1/products", stage: "v1", extra: [("routeKey", "$default")]))
        #expect(catchAll.path == "/products" && catchAll.basePath == "/v1")

        let defaultStage = try request(SampleEvents.httpAPI(rawPath: "/products", extra: [("routeKey", "POST /products")]))
        #expect(defaultStage.path == "/products" && defaultStage.basePath == "")

        let mapped = try request(
            SampleEvents.httpAPI(rawPath: "/shop/products", extra: [("routeKey", "ANY /{proxy+}"), ("pathParameters", ["proxy": "products"])]))
        #expect(mapped.path == "/products" && mapped.basePath == "/shop")
    }

    @Test func loadBalancersAndFunctionURLsHaveNoBasePath() throws {
        let alb = try request(SampleEvents.alb(path: "/prod/products"))
        #expect(alb.path == "/prod/products" && alb.basePath == "")
        let url = try request(SampleEvents.functionURL(rawPath: "/prod/products"))
        #expect(url.path == "/prod/products" && url.basePath == "")
    }

    @Test func trailingSlashesSurvive() throws {
        let request = try request(rest(path: "/shop/products/", clientPath: "/shop/products/", resource: "/products"))
        #expect(request.path == "/products/" && request.basePath == "/shop")
    }

    @Test func aBasePathIsSafeToEcho() throws {
        // Decoded characters are encoded again, control characters included, so a header never breaks.
        let spaced = try request(rest(path: "/a b\r\n/products", clientPath: "/a b\r\n/products", resource: "/products"))
        #expect(spaced.basePath == "/a%20b%0D%0A")
        // Empty segments never survive: the link cannot become `//evil.example/…`, another origin.
        let doubled = try request(rest(path: "//evil.example/products", clientPath: "//evil.example/products", resource: "/products"))
        #expect(doubled.basePath == "/evil.example")
        #expect(!doubled.link(to: "/products/1").hasPrefix("//"))
    }

    @Test func inconsistentEventsFallBackToTheStage() throws {
        // A resource that does not fit the path is ignored rather than trusted.
        let request = try request(rest(path: "/products", clientPath: "/Prod/products", resource: "/a/b/c"))
        #expect(request.path == "/products" && request.basePath == "/Prod")
    }

    @Test func realFixturesHaveTheBasePathTheirURLsShow() throws {
        for name in Fixture.requestNames {
            let request = try HTTPEvent(try Fixture.json(name)).request
            // None of the published documents was called through a stage or base path in its client path.
            #expect(request.basePath == "", "\(name)")
        }
        // The REST document as the default domain would send it: `requestContext.path` carries the stage.
        guard case .object(var event) = try Fixture.json("apigw-request.json"), case .object(var context)? = event["requestContext"] else {
            Issue.record("apigw-request.json is not an object")
            return
        }
        context["path"] = "/testStage/hello/world"
        event["requestContext"] = .object(context)
        let staged = try HTTPEvent(.object(event)).request
        #expect(staged.path == "/hello/world" && staged.basePath == "/testStage")
    }
}
