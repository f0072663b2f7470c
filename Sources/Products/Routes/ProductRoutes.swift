import Auth
import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime

/// HTTP ↔ service: reads ids, headers and bodies, calls `ProductsService`, writes the responses.
struct ProductRoutes {
    /// Kept back from the invocation's deadline so there is still time to answer after a slow call.
    static let deadlineMarginMilliseconds: Int64 = 250

    let service: ProductsService
    /// `nil` with `AUTH_MODE=none`: every request is served.
    let authenticator: Authenticator?

    func register(on router: Router) {
        router.add("POST", "/products") { request, context in
            try respond(request, .write, context) { routes, deadline, caller throws(ProductsError) in try routes.create(request, caller, deadline) }
        }
        router.add("GET", "/products") { request, context in
            try respond(request, .read, context) { routes, deadline, _ throws(ProductsError) in try routes.list(request, deadline) }
        }
        router.add("GET", "/products/{id}") { request, context in
            try respond(request, .read, context) { routes, deadline, _ throws(ProductsError) in try routes.get(request, deadline) }
        }
        router.add("PUT", "/products/{id}") { request, context in
            try respond(request, .write, context) { routes, deadline, caller throws(ProductsError) in try routes.replace(request, caller, deadline) }
        }
        router.add("PATCH", "/products/{id}") { request, context in
            try respond(request, .write, context) { routes, deadline, caller throws(ProductsError) in try routes.patch(request, caller, deadline) }
        }
        router.add("DELETE", "/products/{id}") { request, context in
            try respond(request, .write, context) { routes, deadline, _ throws(ProductsError) in try routes.delete(request, deadline) }
        }
    }

    // MARK: Handlers

    private func create(_ request: HTTPRequest, _ caller: String?, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let body = try JSONBody.object(of: request)
        var errors = FieldErrors()
        let key = request.headers[IdempotencyKey.header].flatMap { IdempotencyKey(header: $0, &errors) }
        let fields = ProductInput.fields(from: body, allowingVersion: false, &errors)
        try errors.throwIfAny()
        guard let fields else { throw .validation(errors) }
        let (product, isReplay) = try service.create(fields, by: caller, idempotencyKey: key, deadline: deadline)
        var response = Self.productResponse(201, product)
        response.headers.set("Location", request.link(to: "/products/\(product.id)"))
        // The answer stored for this Idempotency-Key, not a new product (the name Stripe's clients know).
        if isReplay { response.headers.set(IdempotencyKey.replayedHeader, "true") }
        return response
    }

    /// With `If-None-Match` naming the current ETag: 304 with the ETag and no body.
    private func get(_ request: HTTPRequest, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let product = try service.product(id: try Self.productID(request), deadline: deadline)
        if ConditionalRequest.isNotModified(request, entityTag: product.entityTag) {
            return ConditionalRequest.notModified(entityTag: product.entityTag)
        }
        return Self.productResponse(200, product)
    }

    private func list(_ request: HTTPRequest, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let query = try ListQuery(request)
        let page = try service.list(query.listing, limit: query.limit, cursor: query.cursor, deadline: deadline)
        let body: JSON = [
            "items": .array(page.products.map(\.json)), "count": .number(page.products.count),
            "nextCursor": page.nextCursor.map { .string($0) } ?? .null,
        ]
        return .json(200, body)
    }

    private func replace(_ request: HTTPRequest, _ caller: String?, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let id = try Self.productID(request)
        let body = try JSONBody.object(of: request)
        var errors = FieldErrors()
        let fields = ProductInput.fields(from: body, allowingVersion: true, &errors)
        let expected = Self.expectedVersion(request, body: body, &errors)
        try errors.throwIfAny()
        guard let fields else { throw .validation(errors) }
        guard let expected else { throw .preconditionRequired }
        let product = try service.update(
            id: id, applying: ProductPatch(replacingWith: fields), expected: expected, by: caller, deadline: deadline)
        return Self.productResponse(200, product)
    }

    private func patch(_ request: HTTPRequest, _ caller: String?, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let id = try Self.productID(request)
        let body = try JSONBody.object(of: request)
        var errors = FieldErrors()
        let patch = ProductInput.patch(from: body, &errors)
        let expected = Self.expectedVersion(request, body: body, &errors)
        try errors.throwIfAny()
        guard let patch else { throw .validation(errors) }
        guard let expected else { throw .preconditionRequired }
        return Self.productResponse(
            200, try service.update(id: id, applying: patch, expected: expected, by: caller, deadline: deadline))
    }

    /// `If-Match` is optional here: without it (or with `*`) the product is deleted whatever its version.
    private func delete(_ request: HTTPRequest, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let id = try Self.productID(request)
        var errors = FieldErrors()
        let condition = request.headers[IfMatch.header].flatMap { IfMatch.condition(from: $0, &errors) }
        try errors.throwIfAny()
        try service.delete(id: id, expectedVersion: condition?.expectedVersion, deadline: deadline)
        return HTTPResponse(status: 204)
    }

    // MARK: Helpers

    /// Ids not in our format are answered 404 before any body is read.
    private static func productID(_ request: HTTPRequest) throws(ProductsError) -> String {
        let id = request.pathParameters["id"] ?? ""
        guard ProductID.isValid(id) else { throw .notFound(id: id) }
        return id
    }

    private static func expectedVersion(_ request: HTTPRequest, body: JSONObject, _ errors: inout FieldErrors) -> ExpectedVersion? {
        let header = request.headers[IfMatch.header].flatMap { IfMatch.condition(from: $0, &errors) }
        let inBody = ProductInput.bodyVersion(from: body, &errors)
        return ExpectedVersion.resolve(header: header, body: inBody)
    }

    private static func productResponse(_ status: Int, _ product: Product) -> HTTPResponse {
        .json(status, product.json, headers: HTTPHeaders([("ETag", product.entityTag)]))
    }

    /// Authorizes the request first (a refused one never reaches DynamoDB), then runs the handler with routes
    /// whose DynamoDB calls report to this invocation's telemetry, the invocation's deadline (less the margin)
    /// and the caller's id, turning its failure into the client's `HTTPError` and logging server-side causes.
    /// The response carries the caller for the access log.
    private func respond(
        _ request: HTTPRequest, _ access: Access, _ context: LambdaContext,
        _ handler: (ProductRoutes, Int64, String?) throws(ProductsError) -> HTTPResponse
    ) throws(HTTPError) -> HTTPResponse {
        let deadline = context.deadlineEpochMilliseconds - Self.deadlineMarginMilliseconds
        var caller: Caller?
        if let authenticator {
            do throws(AuthError) { caller = try authenticator.authorize(request, access, deadline: deadline, telemetry: context.telemetry) } catch {
                if case .keysUnavailable = error {
                    let failure = authenticator.keys.lastFailure
                    let fields: [(String, JSON)] = [("error", .string(failure?.description ?? "-"))]
                    // A throttle is the issuer asking us to slow down (counted as JWKSThrottles), not a fault.
                    if failure?.isThrottle == true {
                        context.logger.warn("token issuer throttled the key fetch", fields)
                    } else {
                        context.logger.error("token signing keys unavailable", fields)
                    }
                } else {
                    context.telemetry.countAuthRefusal()
                }
                throw error.httpError
            }
        }
        do {
            let routes = ProductRoutes(service: service.observed(by: context.telemetry), authenticator: authenticator)
            var response = try handler(routes, deadline, caller?.id)
            response.caller = caller?.id
            return response
        } catch {
            let httpError = HTTPErrorMapping.httpError(for: error)
            if let detail = HTTPErrorMapping.logDetail(for: error) {
                context.logger.error("products request failed", [("status", .number(httpError.status))] + detail)
            }
            throw httpError
        }
    }
}
