import DynamoDB
import Telemetry

/// Reports the store's DynamoDB calls to the invocation's telemetry (metrics, X-Ray subsegments, the trace
/// header on each request), so the DynamoDB module never learns how calls are measured.
final class DynamoDBTelemetry: DynamoDBCallObserver {
    static let serviceName = "DynamoDB"
    let telemetry: InvocationTelemetry

    init(_ telemetry: InvocationTelemetry) {
        self.telemetry = telemetry
    }

    func callStarted(operation: String, tableName: String?) -> any DynamoDBCallSpan {
        Span(telemetry, telemetry.startCall(
            service: Self.serviceName, operation: operation, resourceAttributes: tableName.map { [("table_name", $0)] } ?? []))
    }

    private final class Span: DynamoDBCallSpan {
        let telemetry: InvocationTelemetry
        let call: OutboundCall
        var traceHeader: String? { call.traceHeader }

        init(_ telemetry: InvocationTelemetry, _ call: OutboundCall) {
            self.telemetry = telemetry
            self.call = call
        }

        func finish(_ report: DynamoDBCallReport) {
            telemetry.finishCall(call, DynamoDBTelemetry.result(of: report))
        }
    }

    static func result(of report: DynamoDBCallReport) -> OutboundCallResult {
        let outcome: OutboundCallResult.Outcome
        switch report.error {
        case nil: outcome = .success
        case .throttled?: outcome = .throttled
        case let error? where error.isRetryable: outcome = .fault
        case .circuitOpen?, .deadlineExceeded?, .transport?, .invalidResponse?: outcome = .fault
        case .other(let status, _, _)? where status >= 500: outcome = .fault
        case _?: outcome = .clientError
        }
        return OutboundCallResult(
            outcome: outcome, status: report.lastStatus, requestID: report.requestID, retries: report.retries,
            throttles: report.throttledAttempts, openedCircuit: report.openedCircuit, errorType: report.error?.code)
    }
}
