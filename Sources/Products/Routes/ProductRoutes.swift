import Codec
import HTTPEvents
import HTTPRouter
import LambdaRuntime

/// HTTP ↔ service: reads ids, headers and bodies, calls `ProductsService`, writes the responses.
struct ProductRoutes {
    /// Kept back from the invocation's deadline so there is still time to answer after a slow call.
    static let deadlineMarginMilliseconds: Int64 = 250

    let service: ProductsService

    func register(on router: Router) {
        router.add("POST", "/products") { request, context in try respond(context) { deadline throws(ProductsError) in try create(request, deadline) } }
        router.add("GET", "/products") { request, context in try respond(context) { deadline throws(ProductsError) in try list(request, deadline) } }
        router.add("GET", "/products/{id}") { request, context in try respond(context) { deadline throws(ProductsError) in try get(request, deadline) } }
        router.add("PUT", "/products/{id}") { request, context in try respond(context) { deadline throws(ProductsError) in try replace(request, deadline) } }
        router.add("PATCH", "/products/{id}") { request, context in try respond(context) { deadline throws(ProductsError) in try patch(request, deadline) } }
        router.add("DELETE", "/products/{id}") { request, context in try respond(context) { deadline throws(ProductsError) in try delete(request, deadline) } }
    }

    // MARK: Handlers

    private func create(_ request: HTTPRequest, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let body = try JSONBody.object(of: request)
        var errors = FieldErrors()
        let key = request.headers[IdempotencyKey.header].flatMap { IdempotencyKey(header: $0, &errors) }
        let fields = ProductInput.fields(from: body, allowingVersion: false, &errors)
        try errors.throwIfAny()
        guard let fields else { throw .validation(errors) }
        let product = try service.create(fields, idempotencyKey: key, deadline: deadline)
        var response = Self.productResponse(201, product)
        response.headers.set("Location", request.link(to: "/products/\(product.id)"))
        return response
    }

    private func get(_ request: HTTPRequest, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        Self.productResponse(200, try service.product(id: try Self.productID(request), deadline: deadline))
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

    private func replace(_ request: HTTPRequest, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let id = try Self.productID(request)
        let body = try JSONBody.object(of: request)
        var errors = FieldErrors()
        let fields = ProductInput.fields(from: body, allowingVersion: true, &errors)
        let expected = Self.expectedVersion(request, body: body, &errors)
        try errors.throwIfAny()
        guard let fields else { throw .validation(errors) }
        guard let expected else { throw .preconditionRequired }
        let product = try service.update(
            id: id, applying: ProductPatch(replacingWith: fields), expectedVersion: expected, deadline: deadline)
        return Self.productResponse(200, product)
    }

    private func patch(_ request: HTTPRequest, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let id = try Self.productID(request)
        let body = try JSONBody.object(of: request)
        var errors = FieldErrors()
        let patch = ProductInput.patch(from: body, &errors)
        let expected = Self.expectedVersion(request, body: body, &errors)
        try errors.throwIfAny()
        guard let patch else { throw .validation(errors) }
        guard let expected else { throw .preconditionRequired }
        return Self.productResponse(200, try service.update(id: id, applying: patch, expectedVersion: expected, deadline: deadline))
    }

    /// `If-Match` is optional here: without it the product is deleted whatever its version.
    private func delete(_ request: HTTPRequest, _ deadline: Int64) throws(ProductsError) -> HTTPResponse {
        let id = try Self.productID(request)
        var errors = FieldErrors()
        let expected = request.headers[IfMatch.header].flatMap { IfMatch.version(from: $0, &errors) }
        try errors.throwIfAny()
        try service.delete(id: id, expectedVersion: expected, deadline: deadline)
        return HTTPResponse(status: 204)
    }

    // MARK: Helpers

    /// Ids not in our format are answered 404 before any body is read.
    private static func productID(_ request: HTTPRequest) throws(ProductsError) -> String {
        let id = request.pathParameters["id"] ?? ""
        guard ProductID.isValid(id) else { throw .notFound(id: id) }
        return id
    }

    private static func expectedVersion(_ request: HTTPRequest, body: JSONObject, _ errors: inout FieldErrors) -> Int? {
        let header = request.headers[IfMatch.header].flatMap { IfMatch.version(from: $0, &errors) }
        let inBody = ProductInput.bodyVersion(from: body, &errors)
        return ExpectedVersion.resolve(header: header, body: inBody, &errors)
    }

    private static func productResponse(_ status: Int, _ product: Product) -> HTTPResponse {
        .json(status, product.json, headers: HTTPHeaders([("ETag", product.entityTag)]))
    }

    /// Runs a handler with the invocation's deadline (less the margin) and turns its failure into the
    /// client's `HTTPError`, logging server-side causes.
    private func respond(
        _ context: LambdaContext, _ handler: (Int64) throws(ProductsError) -> HTTPResponse
    ) throws(HTTPError) -> HTTPResponse {
        do {
            return try handler(context.deadlineEpochMilliseconds - Self.deadlineMarginMilliseconds)
        } catch {
            let httpError = HTTPErrorMapping.httpError(for: error)
            if let detail = HTTPErrorMapping.logDetail(for: error) {
                context.logger.error("products request failed", [("status", .number(httpError.status))] + detail)
            }
            throw httpError
        }
    }
}
