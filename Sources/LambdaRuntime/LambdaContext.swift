import Codec

/// What a handler knows about the invocation it is serving.
public struct LambdaContext: Sendable {
    public let requestID: String
    /// When Lambda will stop this invocation, in milliseconds since the epoch.
    public let deadlineEpochMilliseconds: Int64
    public let invokedFunctionARN: String
    public let traceID: String?
    public let clientContext: String?
    public let cognitoIdentity: String?
    /// True for the first invocation a process serves.
    public let isColdStart: Bool
    /// Already carries this invocation's request id.
    public let logger: Logger

    public init(
        requestID: String, deadlineEpochMilliseconds: Int64, invokedFunctionARN: String = "", traceID: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, isColdStart: Bool = false,
        logger: Logger = Logger(minimumLevel: .info)
    ) {
        self.requestID = requestID
        self.deadlineEpochMilliseconds = deadlineEpochMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.isColdStart = isColdStart
        self.logger = logger.with(requestID: requestID)
    }

    public var remainingMilliseconds: Int64 { deadlineEpochMilliseconds - UTCTime.nowMilliseconds() }
}
