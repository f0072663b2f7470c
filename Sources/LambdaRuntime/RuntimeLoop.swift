#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Telemetry

/// The invoke loop: fetch an event, run the handler, post what it returned or threw, repeat. A handler
/// error is reported to Lambda and the loop goes on; only a Runtime API that fails for good stops it.
package final class RuntimeLoop {
    private let api: any RuntimeAPI
    private let handler: any LambdaHandler
    private let logger: Logger
    private let retryPolicy: RetryPolicy
    private let sleep: (Int) -> Void
    private let telemetry: Telemetry
    private let traceIDVariable = TraceIDVariable()
    private let coldStart: ColdStart
    /// `_X_AMZN_TRACE_ID` is process-wide: it can only name the invocation when there is one at a time.
    private let exportsTraceID: Bool
    /// Invocations this loop received so far.
    public private(set) var invocationCount = 0

    /// `sleep` waits the given milliseconds between retries (tests pass one that only records). Loops serving
    /// one environment side by side share its `coldStart`, and none of them exports the trace id.
    public init(
        api: any RuntimeAPI, handler: any LambdaHandler, logger: Logger, retryPolicy: RetryPolicy = RetryPolicy(),
        sleep: @escaping (Int) -> Void = RetryPolicy.sleep(milliseconds:), coldStart: ColdStart = ColdStart(),
        exportsTraceID: Bool = true, telemetry: Telemetry = .disabled
    ) {
        self.telemetry = telemetry
        self.api = api
        self.handler = handler
        self.logger = logger
        self.retryPolicy = retryPolicy
        self.sleep = sleep
        self.coldStart = coldStart
        self.exportsTraceID = exportsTraceID
    }

    /// Production: serves events until the Runtime API fails for good.
    public func runForever() throws(RuntimeCallFailure) -> Never {
        while true { try serveNextInvocation() }
    }

    /// Serves exactly `count` invocations (tests, tools).
    public func run(invocations count: Int) throws(RuntimeCallFailure) {
        for _ in 0..<count { try serveNextInvocation() }
    }

    public func serveNextInvocation() throws(RuntimeCallFailure) {
        // Every earlier invocation of this loop was answered (a failed post ends the loop).
        let afterResponse = invocationCount > 0
        let invocation = try retryPolicy.perform("next", logger: logger, sleep: sleep, afterResponse: afterResponse) {
            () throws(RuntimeAPIError) in
            try api.nextInvocation()
        }
        invocationCount += 1
        if exportsTraceID { exportTraceID(invocation.traceID) }
        let context = invocation.context(isColdStart: coldStart.claim(), logger: logger, telemetry: telemetry)
        // The metrics line goes out after the answer (it adds nothing to the caller's latency) and before
        // the next `/next`, where Lambda may freeze the process.
        defer { context.telemetry.flush() }

        let answer: LambdaResponse
        do {
            answer = try handler.respond(to: invocation.event, context: context)
        } catch {
            let report = InvocationError(reporting: error)
            context.logger.error("invocation failed", [
                ("errorType", .string(report.errorType)), ("errorMessage", .string(report.errorMessage)),
            ])
            try postError(report, requestID: invocation.requestID, logger: context.logger)
            return
        }

        let requestID = invocation.requestID
        let response: [UInt8]
        switch answer {
        case .buffered(let bytes): response = bytes
        case .streamed(let stream):
            deliverStream(stream, requestID: requestID, logger: context.logger)
            return
        }
        guard let rejection = try deliver("response", logger: context.logger, { () throws(RuntimeAPIError) in
            try api.postResponse(requestID: requestID, body: response)
        }) else { return }
        if rejection.status == 413 {
            // Report it as an error so the caller learns why rather than waiting for a timeout.
            let report = InvocationError(
                errorType: InvocationError.responseSizeTooLargeType,
                errorMessage: "the response of \(response.count) bytes is larger than Lambda accepts")
            context.logger.error("response too large", [("responseBytes", .number(response.count))])
            try postError(report, requestID: requestID, logger: context.logger)
        } else {
            context.logger.error("Runtime API rejected the response; continuing", [("error", .string(rejection.description))])
        }
    }

    /// A stream is sent once, never retried (its body cannot be written twice). Whatever goes wrong concerns
    /// this invocation only: a Runtime API gone for good shows at the next `/next`, which retries.
    private func deliverStream(_ stream: ResponseStream, requestID: String, logger: Logger) {
        do {
            if let failure = try api.postStreamingResponse(requestID: requestID, stream: stream) {
                let report = InvocationError(reporting: failure)
                logger.error("invocation failed mid-stream", [
                    ("errorType", .string(report.errorType)), ("errorMessage", .string(report.errorMessage)),
                ])
            }
        } catch {
            logger.error("Runtime API did not take the streamed response; continuing", [("error", .string(error.description))])
        }
    }

    private func postError(_ report: InvocationError, requestID: String, logger: Logger) throws(RuntimeCallFailure) {
        if let rejection = try deliver("error", logger: logger, { () throws(RuntimeAPIError) in
            try api.postInvocationError(requestID: requestID, error: report)
        }) {
            logger.error("Runtime API rejected the error report; continuing", [("error", .string(rejection.description))])
        }
    }

    /// Posts with retries. A 4xx is returned rather than thrown: it concerns this invocation only (already
    /// answered, too large, timed out), so the loop can go on with the next one.
    private func deliver(
        _ operation: String, logger: Logger, _ body: () throws(RuntimeAPIError) -> Void
    ) throws(RuntimeCallFailure) -> RuntimeAPIError? {
        do {
            try retryPolicy.perform(operation, logger: logger, sleep: sleep, body)
            return nil
        } catch {
            if let status = error.cause.status, (400..<500).contains(status) { return error.cause }
            throw error
        }
    }

    /// X-Ray's SDKs read the trace header from `_X_AMZN_TRACE_ID`; a stale one must not leak into the next event.
    private func exportTraceID(_ traceID: String?) {
        traceIDVariable.set(traceID)
    }
}
