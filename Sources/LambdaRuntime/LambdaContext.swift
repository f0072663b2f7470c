import Codec
import Telemetry

/// What a handler knows about the invocation it is serving.
public struct LambdaContext: Sendable {
    /// Lambda's id for this invocation (`Lambda-Runtime-Aws-Request-Id`).
    public let requestID: String
    /// When Lambda will stop this invocation, in milliseconds since the epoch.
    public let deadlineEpochMilliseconds: Int64
    /// The ARN the caller invoked, alias or version included.
    public let invokedFunctionARN: String
    /// The X-Ray trace header of the invocation, when tracing is on.
    public let traceID: String?
    /// The mobile client context, as JSON text, when the caller sent one.
    public let clientContext: String?
    /// The Cognito identity, as JSON text, when the caller sent one.
    public let cognitoIdentity: String?
    /// True for the first invocation a process serves.
    public let isColdStart: Bool
    /// Already carries this invocation's request id and log keys (`cold_start`, `function_arn`, `xray_trace_id`).
    public let logger: Logger
    /// This invocation's metrics and trace: count, time and trace through it (see `InvocationTelemetry`).
    public let telemetry: InvocationTelemetry

    /// A context built by hand (the runtime builds the real ones); useful to call a handler in a test.
    public init(
        requestID: String, deadlineEpochMilliseconds: Int64, invokedFunctionARN: String = "", traceID: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, isColdStart: Bool = false,
        logger: Logger = Logger(minimumLevel: .info), telemetry: InvocationTelemetry? = nil
    ) {
        self.requestID = requestID
        self.deadlineEpochMilliseconds = deadlineEpochMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.isColdStart = isColdStart
        let telemetry = telemetry ?? Telemetry.disabled.begin(requestID: requestID, traceHeader: traceID, isColdStart: isColdStart)
        self.telemetry = telemetry
        var logger = logger.with(requestID: requestID)
        logger.context = logger.context.invocation(
            coldStart: isColdStart, functionARN: invokedFunctionARN, xrayTraceID: telemetry.trace?.root)
        self.logger = logger
    }

    /// Milliseconds left before Lambda stops the invocation.
    public var remainingMilliseconds: Int64 { deadlineEpochMilliseconds - UTCTime.nowMilliseconds() }
}
