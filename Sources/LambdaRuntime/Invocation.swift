import Telemetry

/// One event handed out by the Runtime API's `/next`, with the facts Lambda sends along in its headers.
package struct Invocation: Sendable, Equatable {
    public var event: [UInt8]
    public var requestID: String
    /// Milliseconds since the epoch.
    public var deadlineEpochMilliseconds: Int64
    public var invokedFunctionARN: String
    public var traceID: String?
    public var clientContext: String?
    public var cognitoIdentity: String?

    public init(
        event: [UInt8], requestID: String, deadlineEpochMilliseconds: Int64, invokedFunctionARN: String = "",
        traceID: String? = nil, clientContext: String? = nil, cognitoIdentity: String? = nil
    ) {
        self.event = event
        self.requestID = requestID
        self.deadlineEpochMilliseconds = deadlineEpochMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
    }

    /// Reads a `/next` answer. `header` must look names up case-insensitively. Without a request id there is
    /// nothing to answer to, and without a deadline no honest remaining time: both are refused.
    public init(event: [UInt8], header: (String) -> String?) throws(RuntimeAPIError) {
        func present(_ name: String) -> String? {
            guard let value = header(name), !value.isEmpty else { return nil }
            return value
        }
        guard let requestID = present("Lambda-Runtime-Aws-Request-Id") else {
            throw .invalidInvocation("the /next answer has no Lambda-Runtime-Aws-Request-Id header")
        }
        guard let deadlineText = present("Lambda-Runtime-Deadline-Ms"), let deadline = Int64(deadlineText) else {
            throw .invalidInvocation("invocation \(requestID) has no valid Lambda-Runtime-Deadline-Ms header")
        }
        self.init(
            event: event, requestID: requestID, deadlineEpochMilliseconds: deadline,
            invokedFunctionARN: present("Lambda-Runtime-Invoked-Function-Arn") ?? "",
            traceID: present("Lambda-Runtime-Trace-Id"), clientContext: present("Lambda-Runtime-Client-Context"),
            cognitoIdentity: present("Lambda-Runtime-Cognito-Identity"))
    }

    public func context(isColdStart: Bool, logger: Logger, telemetry: Telemetry = .disabled) -> LambdaContext {
        LambdaContext(
            requestID: requestID, deadlineEpochMilliseconds: deadlineEpochMilliseconds,
            invokedFunctionARN: invokedFunctionARN, traceID: traceID, clientContext: clientContext,
            cognitoIdentity: cognitoIdentity, isColdStart: isColdStart, logger: logger,
            telemetry: telemetry.begin(requestID: requestID, traceHeader: traceID, isColdStart: isColdStart))
    }
}
