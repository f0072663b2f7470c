import HTTPTransport
import Testing

@testable import DynamoDB

/// A clock that only moves when the code under test sleeps (or a transfer "takes" time), and a random
/// source that records the ceilings it was asked for.
final class FakeTime {
    var now: Int64 = 1_700_000_000_000
    var sleeps: [Int64] = []
    var randomCeilings: [Int64] = []
    /// Fraction of the ceiling the "random" value is (1.0 = always the ceiling).
    var randomFraction = 1.0

    var environment: ResilienceEnvironment {
        ResilienceEnvironment(
            now: { self.now },
            sleep: { self.sleeps.append($0); self.now += $0 },
            random: { ceiling in
                self.randomCeilings.append(ceiling)
                return Int64(Double(ceiling) * self.randomFraction)
            })
    }
}

/// Answers each request with the next scripted outcome and records the time-outs it was given.
final class ScriptedTransport: DynamoDBTransport {
    enum Outcome {
        case status(Int, String)
        case failure(HTTPClientError.Kind)
    }

    var script: [Outcome]
    var timeouts: [Int?] = []
    var transferMilliseconds: Int64 = 0
    let time: FakeTime

    init(time: FakeTime, _ script: [Outcome]) {
        self.time = time
        self.script = script
    }

    func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        timeouts.append(request.timeoutMilliseconds)
        time.now += transferMilliseconds
        let outcome = script.isEmpty ? .status(200, "{}") : script.removeFirst()
        switch outcome {
        case .status(let status, let body):
            return HTTPClientResponse(status: status, headers: [], body: Array(body.utf8), reusedConnection: true)
        case .failure(let kind):
            throw HTTPClientError(kind: kind, message: "scripted \(kind)")
        }
    }
}

struct ResilienceTests {
    static let throttled = ScriptedTransport.Outcome.status(
        400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow"}"#)
    static let validation = ScriptedTransport.Outcome.status(
        400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"bad"}"#)
    static let unavailable = ScriptedTransport.Outcome.status(
        503, #"{"__type":"com.amazonaws.dynamodb.v20120810#ServiceUnavailable","message":"down"}"#)
    static let found = ScriptedTransport.Outcome.status(200, #"{"Item":{"id":{"S":"1"}}}"#)
    static let get = GetItemInput(tableName: "t", key: ["id": .s("1")])

    func client(_ time: FakeTime, _ transport: ScriptedTransport, policy: RetryPolicy = RetryPolicy()) -> DynamoDBClient {
        let configuration = DynamoDBConfiguration(
            region: "us-east-1", credentials: Credentials(accessKeyID: "AKID", secretAccessKey: "secret"), retryPolicy: policy)
        return DynamoDBClient(configuration: configuration, transport: transport, environment: time.environment)
    }

    @Test func throttlingIsRetriedThenSucceeds() throws {
        let time = FakeTime()
        let transport = ScriptedTransport(time: time, [Self.throttled, .failure(.connectionLost), Self.unavailable, Self.found])
        let client = client(time, transport)
        #expect(try client.getItem(Self.get).item == ["id": .s("1")])
        #expect(client.retryExecutor.lastAttemptCount == 4)
        #expect(time.sleeps.count == 3)
    }

    @Test func nonRetryableErrorsReturnAtOnce() {
        let time = FakeTime()
        let transport = ScriptedTransport(time: time, [Self.validation, Self.found])
        let client = client(time, transport)
        #expect(throws: DynamoDBError.validation("bad")) { try client.getItem(Self.get) }
        #expect(client.retryExecutor.lastAttemptCount == 1)
        #expect(time.sleeps.isEmpty)
        let tls = ScriptedTransport(time: time, [.failure(.tls), Self.found])
        #expect(throws: DynamoDBError.self) { try self.client(time, tls).getItem(Self.get) }
        #expect(tls.script.count == 1)
    }

    @Test func attemptsAreBounded() {
        let time = FakeTime()
        let transport = ScriptedTransport(time: time, Array(repeating: Self.throttled, count: 10))
        let client = client(time, transport, policy: RetryPolicy(maxAttempts: 3, breakerFailureThreshold: 100))
        #expect(throws: DynamoDBError.throttled(code: "ProvisionedThroughputExceededException", message: "slow")) {
            try client.getItem(Self.get)
        }
        #expect(transport.script.count == 7)
        #expect(time.sleeps.count == 2)
    }

    @Test func backoffIsExponentialWithFullJitter() {
        let time = FakeTime()
        time.randomFraction = 0.5
        let transport = ScriptedTransport(time: time, Array(repeating: Self.throttled, count: 10))
        let policy = RetryPolicy(maxAttempts: 6, baseDelayMilliseconds: 20, maxDelayMilliseconds: 200, breakerFailureThreshold: 100)
        #expect(throws: DynamoDBError.self) { try client(time, transport, policy: policy).getItem(Self.get) }
        // Ceilings double from the base and stop at the cap; each delay is drawn from 0...ceiling.
        #expect(time.randomCeilings == [20, 40, 80, 160, 200])
        #expect(time.sleeps == [10, 20, 40, 80, 100])
        for retry in 1...40 { #expect((0...200).contains(policy.backoffCeiling(retry: retry))) }
    }

    @Test func jitterStaysWithinBoundsWithRealRandomness() {
        let policy = RetryPolicy(baseDelayMilliseconds: 25, maxDelayMilliseconds: 1000)
        let random = ResilienceEnvironment.system.random
        var seen = Set<Int64>()
        for retry in 1...8 {
            let ceiling = policy.backoffCeiling(retry: retry)
            for _ in 0..<200 {
                let delay = random(ceiling)
                #expect(delay >= 0 && delay <= ceiling)
                seen.insert(delay)
            }
        }
        #expect(seen.count > 50)  // actually random, not a constant
    }

    @Test func perAttemptTimeoutComesFromTheRemainingTime() throws {
        let time = FakeTime()
        let transport = ScriptedTransport(time: time, [Self.throttled, Self.found])
        transport.transferMilliseconds = 100
        time.randomFraction = 0
        let client = client(time, transport, policy: RetryPolicy(attemptTimeoutMilliseconds: 5000))
        _ = try client.getItem(Self.get, deadline: time.now + 1000)
        #expect(transport.timeouts == [1000, 900])
        _ = try client.getItem(Self.get)
        #expect(transport.timeouts.last == 5000)
    }

    @Test func noAttemptStartsThatCannotFinishBeforeTheDeadline() {
        let time = FakeTime()
        // The first attempt uses 150 of 200 ms; the retry's backoff (up to 25 ms) plus the 60 ms an attempt
        // needs does not fit in the 50 left, so it is not started.
        let transport = ScriptedTransport(time: time, [Self.throttled, Self.found])
        transport.transferMilliseconds = 150
        let client = client(time, transport, policy: RetryPolicy(minimumAttemptMilliseconds: 60))
        #expect(throws: DynamoDBError.deadlineExceeded) { try client.getItem(Self.get, deadline: time.now + 200) }
        #expect(transport.timeouts.count == 1)
        #expect(time.sleeps.isEmpty)
        // A deadline already (almost) past: nothing is sent at all.
        let idle = ScriptedTransport(time: time, [Self.found])
        #expect(throws: DynamoDBError.deadlineExceeded) { try self.client(time, idle, policy: RetryPolicy(minimumAttemptMilliseconds: 60)).getItem(Self.get, deadline: time.now + 59) }
        #expect(idle.timeouts.isEmpty)
        // A transfer cut off by the deadline's time-out is reported as the deadline, not as a time-out.
        let slow = ScriptedTransport(time: time, [.failure(.timedOut)])
        slow.transferMilliseconds = 300
        #expect(throws: DynamoDBError.deadlineExceeded) { try self.client(time, slow).getItem(Self.get, deadline: time.now + 300) }
    }

    @Test func breakerOpensFailsFastProbesAndCloses() throws {
        let time = FakeTime()
        let policy = RetryPolicy(maxAttempts: 1, breakerFailureThreshold: 5, breakerCoolDownMilliseconds: 10_000)
        let transport = ScriptedTransport(time: time, Array(repeating: Self.unavailable, count: 5))
        let client = client(time, transport, policy: policy)
        for _ in 0..<5 {
            #expect(throws: DynamoDBError.serviceError(status: 503, code: "ServiceUnavailable", message: "down")) { try client.getItem(Self.get) }
        }
        #expect(client.retryExecutor.breaker.isOpen)
        // Open: fails fast, nothing sent.
        transport.script = [Self.found]
        #expect(throws: DynamoDBError.circuitOpen) { try client.getItem(Self.get) }
        #expect(transport.script.count == 1)
        // After the cool-down one probe goes through; its failure opens the breaker again.
        time.now += 10_000
        transport.script = [Self.unavailable, Self.found]
        #expect(throws: DynamoDBError.self) { try client.getItem(Self.get) }
        #expect(client.retryExecutor.breaker.isOpen)
        #expect(throws: DynamoDBError.circuitOpen) { try client.getItem(Self.get) }
        // The next probe succeeds and closes it.
        time.now += 10_000
        #expect(try client.getItem(Self.get).item != nil)
        #expect(client.retryExecutor.breaker.state == .closed(consecutiveFailures: 0))
    }

    @Test func successAndNonRetryableAnswersResetTheFailureCount() {
        let time = FakeTime()
        let policy = RetryPolicy(maxAttempts: 1, breakerFailureThreshold: 3)
        let transport = ScriptedTransport(time: time, [Self.unavailable, Self.unavailable, Self.validation, Self.unavailable, Self.unavailable])
        let client = client(time, transport, policy: policy)
        for _ in 0..<5 { _ = try? client.getItem(Self.get) }
        #expect(client.retryExecutor.breaker.state == .closed(consecutiveFailures: 2))
    }
}
