import HTTPTransport
import Testing

@testable import DynamoDB

/// Records what the client reports and hands out a trace header, like the invocation's telemetry does.
final class RecordingObserver: DynamoDBCallObserver {
    final class Span: DynamoDBCallSpan {
        let traceHeader: String?
        var reports: [DynamoDBCallReport] = []
        init(_ header: String?) { traceHeader = header }
        func finish(_ report: DynamoDBCallReport) { reports.append(report) }
    }

    var started: [(operation: String, tableName: String?)] = []
    var spans: [Span] = []
    let header: String?

    init(header: String? = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0123456789abcdef;Sampled=1") {
        self.header = header
    }

    func callStarted(operation: String, tableName: String?) -> any DynamoDBCallSpan {
        started.append((operation, tableName))
        let span = Span(header)
        spans.append(span)
        return span
    }

    var reports: [DynamoDBCallReport] { spans.flatMap(\.reports) }
}

/// Keeps every request's headers, then answers as scripted.
final class HeaderRecordingTransport: DynamoDBTransport {
    let inner: ScriptedTransport
    var headers: [[(name: String, value: String)]] = []
    init(_ inner: ScriptedTransport) { self.inner = inner }
    func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        headers.append(request.headers)
        return try inner.send(request)
    }
}

struct CallObserverTests {
    func client(_ time: FakeTime, _ transport: DynamoDBTransport, policy: RetryPolicy = RetryPolicy()) -> DynamoDBClient {
        let configuration = DynamoDBConfiguration(
            region: "us-east-1", credentials: Credentials(accessKeyID: "AKID", secretAccessKey: "secret"), retryPolicy: policy)
        return DynamoDBClient(configuration: configuration, transport: transport, environment: time.environment)
    }

    @Test func everyAttemptCarriesTheTraceHeaderOutsideTheSignature() throws {
        let time = FakeTime()
        let transport = HeaderRecordingTransport(ScriptedTransport(time: time, [ResilienceTests.throttled, ResilienceTests.found]))
        let observer = RecordingObserver()
        _ = try client(time, transport).getItem(ResilienceTests.get, observer: observer)
        #expect(transport.headers.count == 2)
        for headers in transport.headers {
            #expect(headers.filter { $0.name == "X-Amzn-Trace-Id" }.map(\.value) == [observer.header!])
            let authorization = try #require(headers.first { $0.name == "Authorization" }?.value)
            #expect(!authorization.lowercased().contains("x-amzn-trace-id"))
        }
    }

    @Test func reportsAttemptsThrottlesAndTheTable() throws {
        let time = FakeTime()
        let transport = ScriptedTransport(time: time, [ResilienceTests.throttled, ResilienceTests.throttled, ResilienceTests.found])
        let observer = RecordingObserver()
        _ = try client(time, transport).getItem(ResilienceTests.get, observer: observer)
        #expect(observer.started.map(\.operation) == ["GetItem"] && observer.started.map(\.tableName) == ["t"])
        let report = try #require(observer.reports.first)
        #expect(observer.reports.count == 1)
        #expect(report.attempts == 3 && report.retries == 2 && report.throttledAttempts == 2)
        #expect(report.lastStatus == 200 && report.error == nil && !report.openedCircuit)
    }

    @Test func reportsFailuresAndTheCallThatOpensTheBreaker() throws {
        let time = FakeTime()
        let policy = RetryPolicy(maxAttempts: 1, breakerFailureThreshold: 2)
        let transport = ScriptedTransport(time: time, [ResilienceTests.unavailable, ResilienceTests.unavailable])
        let client = client(time, transport, policy: policy)
        let observer = RecordingObserver(header: nil)
        for _ in 0..<3 { _ = try? client.getItem(ResilienceTests.get, observer: observer) }
        let reports = observer.reports
        #expect(reports.map(\.openedCircuit) == [false, true, false])
        #expect(reports.map(\.lastStatus) == [503, 503, nil])
        #expect(reports[2].error == .circuitOpen && reports[2].attempts == 0)
    }

    @Test func noObserverNoTraceHeader() throws {
        let time = FakeTime()
        let transport = HeaderRecordingTransport(ScriptedTransport(time: time, [ResilienceTests.found]))
        _ = try client(time, transport).getItem(ResilienceTests.get)
        #expect(!transport.headers[0].contains { $0.name == "X-Amzn-Trace-Id" })
    }
}
