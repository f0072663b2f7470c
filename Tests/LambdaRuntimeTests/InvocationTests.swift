import LambdaRuntime
import Testing

@Suite struct InvocationTests {
    /// Looks names up case-insensitively, as HTTPClientResponse does.
    private func headers(_ pairs: [String: String]) -> (String) -> String? {
        { name in pairs.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    @Test func readsEveryHeaderLambdaSends() throws {
        let invocation = try Invocation(event: Array("{}".utf8), header: headers([
            "lambda-runtime-aws-request-id": "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            "LAMBDA-RUNTIME-DEADLINE-MS": "1542409706888",
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
            "Lambda-Runtime-Trace-Id": "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            "Lambda-Runtime-Client-Context": #"{"client":{"app_title":"shop"}}"#,
            "Lambda-Runtime-Cognito-Identity": #"{"cognitoIdentityId":"eu-west-1:1"}"#,
        ]))
        #expect(invocation == Invocation(
            event: Array("{}".utf8), requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            deadlineEpochMilliseconds: 1_542_409_706_888,
            invokedFunctionARN: "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
            traceID: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            clientContext: #"{"client":{"app_title":"shop"}}"#, cognitoIdentity: #"{"cognitoIdentityId":"eu-west-1:1"}"#))
    }

    @Test func optionalHeadersMayBeAbsentOrEmpty() throws {
        let invocation = try Invocation(event: [], header: headers([
            "Lambda-Runtime-Aws-Request-Id": "r1", "Lambda-Runtime-Deadline-Ms": "1", "Lambda-Runtime-Trace-Id": "",
        ]))
        #expect(invocation.traceID == nil)
        #expect(invocation.clientContext == nil)
        #expect(invocation.cognitoIdentity == nil)
        #expect(invocation.invokedFunctionARN == "")
    }

    @Test(arguments: [
        ["Lambda-Runtime-Deadline-Ms": "1542409706888"],
        ["Lambda-Runtime-Aws-Request-Id": "", "Lambda-Runtime-Deadline-Ms": "1542409706888"],
        ["Lambda-Runtime-Aws-Request-Id": "r1"],
        ["Lambda-Runtime-Aws-Request-Id": "r1", "Lambda-Runtime-Deadline-Ms": "soon"],
    ])
    func anAnswerWithoutRequestIDOrDeadlineIsRefused(pairs: [String: String]) {
        let error = #expect(throws: RuntimeAPIError.self) { try Invocation(event: [], header: headers(pairs)) }
        guard case .invalidInvocation(let message) = error else {
            Issue.record("expected invalidInvocation, got \(String(describing: error))")
            return
        }
        #expect(message.contains("Lambda-Runtime-"))
    }

    @Test func transientErrorsAreConnectFailuresAnd5xxOnly() {
        #expect(RuntimeAPIError.unreachable("connection reset").isTransient)
        #expect(RuntimeAPIError.refused("connection refused").isTransient)
        #expect(RuntimeAPIError.unexpectedStatus(500, "").isTransient)
        #expect(RuntimeAPIError.unexpectedStatus(503, "").isTransient)
        #expect(!RuntimeAPIError.unexpectedStatus(413, "").isTransient)
        #expect(!RuntimeAPIError.unexpectedStatus(403, "").isTransient)
        #expect(!RuntimeAPIError.invalidInvocation("").isTransient)
        #expect(!RuntimeAPIError.transportFailed("").isTransient)
    }
}

@Suite struct InvocationErrorReportingTests {
    private struct PaymentDeclined: Error, CustomStringConvertible {
        var description: String { "card declined" }
    }

    private enum Broken: Error { case config }

    @Test func anInvocationErrorIsReportedAsItIs() {
        let chosen = InvocationError(errorType: "Products.Conflict", errorMessage: "version mismatch")
        #expect(InvocationError(reporting: chosen) == chosen)
        #expect(InvocationError(reportingInitFailure: chosen) == chosen)
    }

    @Test func otherErrorsAreReportedByTypeNameAndDescription() {
        #expect(InvocationError(reporting: PaymentDeclined()) == InvocationError(errorType: "PaymentDeclined", errorMessage: "card declined"))
        #expect(InvocationError(reporting: Broken.config) == InvocationError(errorType: "Broken", errorMessage: "config"))
    }

    @Test func initFailuresAreRuntimeInitErrors() {
        let report = InvocationError(reportingInitFailure: PaymentDeclined())
        #expect(report.errorType == "Runtime.InitError")
        #expect(report.errorMessage == "initialization failed: PaymentDeclined: card declined")
    }
}
