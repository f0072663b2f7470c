import SecretsManager
import Telemetry

/// Reports a Secrets Manager read to the invocation's telemetry (its metrics and, when sampled, an X-Ray
/// subsegment, with the trace header on the request), as DynamoDBTelemetry does for the table.
enum SecretsManagerTelemetry {
    static let serviceName = "SecretsManager"

    static func getSecretValue(
        _ arn: String, from client: SecretsManagerClient, deadline: Int64, telemetry: InvocationTelemetry?
    ) throws(SecretsManagerError) -> String {
        guard let telemetry else { return try client.secretString(id: arn, deadline: deadline) }
        let started = telemetry.startCall(service: serviceName, operation: "GetSecretValue", resourceAttributes: [("secret_id", arn)])
        let call = client.getSecretValue(id: arn, deadline: deadline, traceHeader: started.traceHeader)
        telemetry.finishCall(started, result(of: call))
        return try call.result.get()
    }

    static func result(of call: SecretsManagerClient.Call) -> OutboundCallResult {
        var result = OutboundCallResult(
            outcome: .success, status: call.lastStatus, requestID: call.requestID, retries: max(0, call.attempts - 1))
        if case .failure(let error) = call.result {
            let throttled = error.code == "ThrottlingException"
            result.outcome = throttled ? .throttled : error.isRetryable || (error.status ?? 500) >= 500 ? .fault : .clientError
            result.throttles = throttled ? 1 : 0
            result.errorType = error.code
        }
        return result
    }
}
