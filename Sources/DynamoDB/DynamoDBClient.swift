import Codec
import HTTPTransport

/// What the client sends requests through: `HTTPClient` in production, a fake in tests.
package protocol DynamoDBTransport: AnyObject {
    func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse
}

extension HTTPClient: DynamoDBTransport {}

/// A DynamoDB client: SigV4-signed JSON-protocol calls over one kept-alive connection, with retries,
/// deadlines and a circuit breaker. Build one per process and reuse it across warm invocations.
/// Not thread-safe (Lambda hands a process one event at a time).
public final class DynamoDBClient {
    public let configuration: DynamoDBConfiguration
    /// The transport-free half: signing and encoding (the decoding half is `DynamoDBResponseDecoder`).
    package let requestFactory: DynamoDBRequestFactory
    package let retryExecutor: RetryExecutor
    private let transport: DynamoDBTransport
    private let environment: ResilienceEnvironment

    /// Whether the last answer came over an already open connection (no new TCP or TLS handshake).
    public private(set) var lastResponseReusedConnection: Bool?
    /// Connections opened so far (each HTTPS one costs a TLS handshake).
    public private(set) var connectionsOpened = 0

    /// Cheap: no network and no file reads (the CA bundle is read at the first HTTPS request).
    public convenience init(configuration: DynamoDBConfiguration) throws(DynamoDBError) {
        let http: HTTPClient
        do {
            http = try HTTPClient(configuration: HTTPClient.Configuration(additionalCABundlePath: configuration.caBundlePath))
        } catch {
            throw .transport(error)
        }
        self.init(configuration: configuration, transport: http)
    }

    package init(configuration: DynamoDBConfiguration, transport: DynamoDBTransport, environment: ResilienceEnvironment = .system) {
        self.configuration = configuration
        self.requestFactory = DynamoDBRequestFactory(configuration: configuration)
        self.retryExecutor = RetryExecutor(policy: configuration.retryPolicy, environment: environment)
        self.transport = transport
        self.environment = environment
    }

    /// Sends any modelled operation. `deadline` is epoch milliseconds (the invocation's deadline); `observer`
    /// (the invocation's telemetry) sees the call and may add a trace header to its requests.
    public func send<Operation: DynamoDBOperation>(
        _ operation: Operation, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil
    ) throws(DynamoDBError) -> Operation.Output {
        let request = operation.requestBody()
        let response = try perform(
            target: Operation.name, body: JSON.object(request).serialized(), tableName: request["TableName"]?.stringValue,
            deadline: deadline, observer: observer)
        return try DynamoDBResponseDecoder.decode(Operation.self, status: response.status, body: response.body)
    }

    /// Sends an operation this module does not model (CreateTable, say) and returns the raw JSON answer.
    public func send(
        target: String, body: JSON, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil
    ) throws(DynamoDBError) -> JSON {
        let response = try perform(
            target: target, body: body.serialized(), tableName: body["TableName"]?.stringValue, deadline: deadline,
            observer: observer)
        guard let json = try? JSON.parse(response.body) else {
            throw .invalidResponse(status: response.status, detail: "the body is not JSON")
        }
        return json
    }

    /// Every attempt is signed afresh (its own `X-Amz-Date`); error statuses become typed errors here so
    /// the retry loop can tell which ones are worth another attempt.
    private func perform(
        target: String, body: [UInt8], tableName: String?, deadline: Int64?, observer: (any DynamoDBCallObserver)?
    ) throws(DynamoDBError) -> HTTPClientResponse {
        let span = observer?.callStarted(operation: target, tableName: tableName)
        let traceHeader = span?.traceHeader
        let wasOpen = retryExecutor.breaker.isOpen
        var throttledAttempts = 0
        var lastStatus: Int?
        var requestID: String?
        func finish(_ error: DynamoDBError?) {
            span?.finish(DynamoDBCallReport(
                operation: target, tableName: tableName, attempts: retryExecutor.lastAttemptCount,
                throttledAttempts: throttledAttempts, lastStatus: lastStatus, requestID: requestID, error: error,
                openedCircuit: !wasOpen && retryExecutor.breaker.isOpen))
        }
        do {
            let response = try retryExecutor.run(deadline: deadline) { (timeout) throws(DynamoDBError) -> HTTPClientResponse in
                var request = requestFactory.makeRequest(
                    target: target, body: body, epochMilliseconds: environment.now(), timeoutMilliseconds: timeout)
                // Not signed: X-Ray's header is outside SigV4 (as the SDKs send it), so it never breaks a signature.
                if let traceHeader { request.headers.append((name: "X-Amzn-Trace-Id", value: traceHeader)) }
                let response: HTTPClientResponse
                do throws(HTTPClientError) { response = try transport.send(request) } catch { throw .transport(error) }
                lastResponseReusedConnection = response.reusedConnection
                if !response.reusedConnection { connectionsOpened += 1 }
                if span != nil {
                    lastStatus = response.status
                    requestID = response.header("x-amzn-RequestId")
                }
                guard response.status == 200 else {
                    let error = DynamoDBResponseDecoder.error(
                        status: response.status, errorTypeHeader: response.header("x-amzn-ErrorType"), body: response.body)
                    if case .throttled = error { throttledAttempts += 1 }
                    throw error
                }
                return response
            }
            finish(nil)
            return response
        } catch {
            finish(error)
            throw error
        }
    }
}

// One method per operation, for readable call sites.
extension DynamoDBClient {
    public func getItem(_ input: GetItemInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> GetItemOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    @discardableResult
    public func putItem(_ input: PutItemInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> PutItemOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    @discardableResult
    public func updateItem(_ input: UpdateItemInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> UpdateItemOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    @discardableResult
    public func deleteItem(_ input: DeleteItemInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> DeleteItemOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    public func query(_ input: QueryInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> QueryOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    public func scan(_ input: ScanInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> ScanOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    public func batchGetItem(_ input: BatchGetItemInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> BatchGetItemOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    @discardableResult
    public func batchWriteItem(_ input: BatchWriteItemInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> BatchWriteItemOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    @discardableResult
    public func transactWriteItems(_ input: TransactWriteItemsInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> TransactWriteItemsOutput {
        try send(input, deadline: deadline, observer: observer)
    }

    public func describeTable(_ input: DescribeTableInput, deadline: Int64? = nil, observer: (any DynamoDBCallObserver)? = nil) throws(DynamoDBError) -> DescribeTableOutput {
        try send(input, deadline: deadline, observer: observer)
    }
}
