import Testing

@testable import DynamoDB

struct ErrorDecodingTests {
    func decode(_ status: Int, _ body: String, header: String? = nil) -> DynamoDBError {
        DynamoDBResponseDecoder.error(status: status, errorTypeHeader: header, body: Array(body.utf8))
    }

    @Test func typesAreDecodedFromTheirFullName() {
        #expect(decode(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"bad"}"#) == .validation("bad"))
        #expect(decode(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","Message":"gone"}"#) == .resourceNotFound("gone"))
        #expect(decode(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"no"}"#)
            == .conditionalCheckFailed(item: nil))
        #expect(decode(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","Message":"no","Item":{"id":{"S":"1"}}}"#)
            == .conditionalCheckFailed(item: ["id": .s("1")]))
        #expect(decode(400, #"{"__type":"com.amazon.coral.validate#LimitExceededException","message":"x"}"#)
            == .other(status: 400, code: "LimitExceededException", message: "x"))
    }

    @Test(arguments: ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"])
    func throttlingIsRetryable(_ code: String) {
        let error = decode(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(code)","message":"slow down"}"#)
        #expect(error == .throttled(code: code, message: "slow down"))
        #expect(error.isRetryable)
    }

    @Test(arguments: ["UnrecognizedClientException", "InvalidSignatureException", "AccessDeniedException",
        "MissingAuthenticationTokenException", "ExpiredTokenException", "IncompleteSignatureException"])
    func authFailuresAreTypedAndFinal(_ code: String) {
        let error = decode(400, #"{"__type":"com.amazon.coral.service#\#(code)","message":"denied"}"#)
        #expect(error == .authentication(code: code, message: "denied"))
        #expect(!error.isRetryable)
    }

    @Test func serverErrorsAreRetryable() {
        let serverError = decode(500, #"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"oops"}"#)
        #expect(serverError == .serviceError(status: 500, code: "InternalServerError", message: "oops"))
        #expect(serverError.isRetryable)
        #expect(decode(503, #"{"__type":"com.amazonaws.dynamodb.v20120810#ServiceUnavailable"}"#).isRetryable)
    }

    @Test func transactionCancellationCarriesEveryReason() {
        let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"cancelled","#
            + #""CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed","Item":{"id":{"S":"2"}}}]}"#
        #expect(decode(400, body) == .transactionCanceled(reasons: [
            CancellationReason(code: "None"),
            CancellationReason(code: "ConditionalCheckFailed", message: "The conditional request failed", item: ["id": .s("2")]),
        ]))
    }

    @Test func nonJSONAnswersAreInvalidResponses() {
        let html = decode(500, "<html><body>Internal Server Error</body></html>")
        guard case .invalidResponse(500, let detail) = html else {
            Issue.record("expected invalidResponse, got \(html)")
            return
        }
        #expect(detail.contains("Internal Server Error"))
        #expect(html.isRetryable)
        #expect(decode(400, "{}") == .invalidResponse(status: 400, detail: "not a DynamoDB error: {}"))
        #expect(!decode(400, "{}").isRetryable)
        #expect(decode(403, "<ErrorResponse/>", header: "SignatureDoesNotMatch") == .authentication(code: "SignatureDoesNotMatch", message: "<ErrorResponse/>"))
    }

    @Test func malformedSuccessIsAnInvalidResponse() throws {
        #expect(throws: DynamoDBError.self) {
            try DynamoDBResponseDecoder.decode(GetItemInput.self, status: 200, body: Array(#"{"Item":{"a":{"N":"x"}}}"#.utf8))
        }
        #expect(throws: DynamoDBError.self) {
            try DynamoDBResponseDecoder.decode(GetItemInput.self, status: 200, body: Array("<html>".utf8))
        }
        #expect(try DynamoDBResponseDecoder.decode(GetItemInput.self, status: 200, body: Array("{}".utf8)).item == nil)
    }
}
