import Codec
import DynamoDB
import HTTPTransport
import Testing
@testable import Products

@Suite struct ErrorMappingTests {
    @Test func clientErrors() {
        var errors = FieldErrors()
        errors.add("price", "must have at most 2 decimal places")
        let cases: [(ProductsError, Int, String)] = [
            (.validation(errors), 400, "ValidationFailed"),
            (.malformedJSON("bad"), 400, "MalformedJSON"),
            (.invalidCursor, 400, "InvalidCursor"),
            (.notFound(id: "x"), 404, "NotFound"),
            (.versionConflict(currentVersion: 4), 409, "VersionConflict"),
            (.payloadTooLarge(limit: 65536), 413, "PayloadTooLarge"),
            (.unsupportedMediaType("text/plain"), 415, "UnsupportedMediaType"),
            (.idempotencyKeyReused, 422, "IdempotencyKeyReused"),
            (.preconditionRequired, 428, "PreconditionRequired"),
        ]
        for (error, status, code) in cases {
            let http = HTTPErrorMapping.httpError(for: error)
            #expect(http.status == status)
            #expect(http.code == code)
            #expect(HTTPErrorMapping.logDetail(for: error) == nil)
        }
    }

    @Test func detailsForValidationAndConflicts() {
        var errors = FieldErrors()
        errors.add("price", "must have at most 2 decimal places")
        errors.add("name", "is required")
        #expect(HTTPErrorMapping.httpError(for: .validation(errors)).details == [
            ["field": "price", "message": "must have at most 2 decimal places"], ["field": "name", "message": "is required"],
        ])
        #expect(HTTPErrorMapping.httpError(for: .versionConflict(currentVersion: 4)).details == ["currentVersion": 4])
    }

    @Test func dynamoDBFailures() {
        let cases: [(DynamoDBError, Int, String, String?)] = [
            (.throttled(code: "ThrottlingException", message: "slow down"), 503, "ServiceUnavailable", "1"),
            (.circuitOpen, 503, "ServiceUnavailable", "5"),
            (.deadlineExceeded, 504, "GatewayTimeout", nil),
            (.transport(HTTPClientError(kind: .timedOut, message: "timeout", curlCode: 28)), 504, "GatewayTimeout", nil),
            (.transport(HTTPClientError(kind: .couldNotConnect, message: "refused", curlCode: 7)), 503, "ServiceUnavailable", "1"),
            (.transport(HTTPClientError(kind: .connectionLost, message: "reset", curlCode: 56)), 503, "ServiceUnavailable", "1"),
            (.transport(HTTPClientError(kind: .tls, message: "certificate", curlCode: 60)), 503, "ServiceUnavailable", "1"),
            (.transport(HTTPClientError(kind: .other, message: "?", curlCode: 43)), 500, "InternalError", nil),
            (.invalidResponse(status: 502, detail: "<html>"), 503, "ServiceUnavailable", "1"),
            (.invalidResponse(status: 200, detail: "truncated"), 500, "InternalError", nil),
            (.validation("One or more parameter values were invalid"), 500, "InternalError", nil),
            (.resourceNotFound("Requested resource not found"), 500, "InternalError", nil),
            (.serviceError(status: 500, code: "InternalServerError", message: "boom"), 503, "ServiceUnavailable", "1"),
            (.authentication(code: "UnrecognizedClientException", message: "no"), 500, "InternalError", nil),
        ]
        for (cause, status, code, retryAfter) in cases {
            let error = ProductsError.storage(operation: "GetItem", cause)
            let http = HTTPErrorMapping.httpError(for: error)
            #expect(http.status == status)
            #expect(http.code == code)
            #expect(http.headers["Retry-After"] == retryAfter)
            // The cause reaches the log, never the client.
            #expect(!http.message.contains(cause.description))
            #expect(HTTPErrorMapping.logDetail(for: error)?.first?.1 == .string("GetItem"))
        }
    }

    @Test func corruptItemsAreGeneric500s() {
        let error = ProductsError.corruptItem(ProductItemError(attribute: "price", message: "is not a number"))
        #expect(HTTPErrorMapping.httpError(for: error).status == 500)
        #expect(HTTPErrorMapping.logDetail(for: error) != nil)
    }
}

@Suite struct ConfigurationTests {
    @Test func needsTheTableName() {
        #expect(throws: ProductsConfigurationError.missingVariable("TABLE_NAME")) {
            try ProductsConfiguration.fromEnvironment { _ in nil }
        }
        #expect(throws: ProductsConfigurationError.missingVariable("TABLE_NAME")) {
            try ProductsConfiguration.fromEnvironment { $0 == "TABLE_NAME" ? "" : nil }
        }
        #expect(ProductsConfigurationError.missingVariable("TABLE_NAME").description.contains("TABLE_NAME"))
    }

    @Test func readsTheCursorSecret() throws {
        let environment = ["TABLE_NAME": "products", "CURSOR_SECRET": "s3cret"]
        #expect(try ProductsConfiguration.fromEnvironment { environment[$0] } == ProductsConfiguration(tableName: "products", cursorSecret: "s3cret"))
        #expect(try ProductsConfiguration.fromEnvironment { $0 == "TABLE_NAME" ? "t" : "" }.cursorSecret == nil)
    }
}

@Suite struct ListQueryTests {
    @Test func defaultsAndValues() throws {
        let plain = try ListQuery(request("GET"))
        #expect(plain == ListQuery.make(listing: .all, limit: 20, cursor: nil))
        let full = try ListQuery(request("GET", query: [("category", "lighting"), ("limit", "100"), ("cursor", "abc")]))
        #expect(full == ListQuery.make(listing: .category("lighting"), limit: 100, cursor: "abc"))
    }

    @Test func reportsBadLimitAndCategoryTogether() {
        for limit in ["0", "101", "abc", "-1", "1.5", "", "+5"] {
            #expect {
                try ListQuery(request("GET", query: [("limit", limit), ("category", "  ")]))
            } throws: { error in
                guard case .validation(let errors) = error as? ProductsError else { return false }
                return errors.all.map(\.field) == ["limit", "category"]
            }
        }
    }
}

extension ListQuery {
    static func make(listing: Listing, limit: Int, cursor: String?) -> ListQuery {
        var query = try! ListQuery(request("GET"))
        query.listing = listing
        query.limit = limit
        query.cursor = cursor
        return query
    }
}
