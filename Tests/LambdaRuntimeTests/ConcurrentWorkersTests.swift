import Codec
import Foundation
import Synchronization
import Testing

@testable import LambdaRuntime

/// Several invoke loops serving one environment at once (Lambda Managed Instances): each on its own
/// thread with its own Runtime API client and handler, sharing only what is thread-safe. Also run under
/// ThreadSanitizer (`make concurrency-tsan-test`).
@Suite struct ConcurrentWorkersTests {
    @Test func maxConcurrencyComesFromTheEnvironment() throws {
        #expect(try MaxConcurrency.fromEnvironment { _ in nil } == 1)
        #expect(try MaxConcurrency.fromEnvironment { _ in "" } == 1)
        #expect(try MaxConcurrency.fromEnvironment { $0 == "AWS_LAMBDA_MAX_CONCURRENCY" ? "8" : nil } == 8)
        for bad in ["0", "-2", "eight", "1.5", "1025", " 4"] {
            #expect(throws: MaxConcurrency.Invalid.self) { try MaxConcurrency.fromEnvironment { _ in bad } }
            let message = (try? MaxConcurrency.fromEnvironment { _ in bad }).map { "\($0)" } ?? MaxConcurrency.Invalid(value: bad).description
            #expect(message.contains("AWS_LAMBDA_MAX_CONCURRENCY"))
        }
    }

    @Test func theColdStartIsClaimedOnceWhateverTheRace() {
        let coldStart = ColdStart()
        let claims = Mutex(0)
        WorkerThreads.run(count: 16) { _ in
            for _ in 0..<100 where coldStart.claim() { claims.withLock { $0 += 1 } }
        }
        #expect(claims.withLock { $0 } == 1)
    }

    @Test func workersRunAtTheSameTime() {
        // Every worker waits at the barrier until all have reached it: only possible if they run at once.
        let barrier = Barrier(width: 6)
        let arrived = Mutex(0)
        WorkerThreads.run(count: 6) { _ in
            if barrier.arriveAndWait() { arrived.withLock { $0 += 1 } }
        }
        #expect(arrived.withLock { $0 } == 6)
    }

    @Test func loopsServeConcurrentlyAndEveryResponseReachesItsOwnRequest() throws {
        let width = 4
        let script = SharedScript((0..<(width * 5)).map { index in
            Invocation(event: Array("event-\(index)".utf8), requestID: "req-\(index)", deadlineEpochMilliseconds: Int64.max, traceID: "Root=1-\(index)")
        })
        let handler = InFlightHandler(width: width)
        let coldStart = ColdStart()
        let log = LogCapture()
        WorkerThreads.run(count: width) { _ in
            let api = script.client()
            let loop = RuntimeLoop(
                api: api, handler: handler, logger: log.logger, retryPolicy: RetryPolicy(budgetMilliseconds: 0), sleep: { _ in },
                coldStart: coldStart, exportsTraceID: false)
            while (try? loop.serveNextInvocation()) != nil {}
        }

        let responses = script.responses
        #expect(responses.count == width * 5)
        for (requestID, body) in responses {
            // The handler answers with the request id and trace id it was given alongside the event's own text.
            let index = requestID.dropFirst("req-".count)
            #expect(body == "req-\(index) Root=1-\(index) event-\(index)")
        }
        #expect(handler.mostAtOnce == width)
        #expect(handler.coldStarts == 1)
        // No worker exported a trace id: with several invocations at once the process-wide variable would lie.
        #expect(ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"].map { $0.hasPrefix("Root=1-") } != true)
        // Every line a handler logged names its own invocation.
        let served = log.lines(withMessage: "serving")
        #expect(served.count == width * 5)
        for line in served {
            let index = (line["requestId"] as? String)?.dropFirst("req-".count)
            #expect(line["event"] as? String == "event-\(index ?? "?")")
        }
    }
}

/// Threads wait until `width` have arrived, or 10 s pass (then false: a test fails instead of hanging).
private final class Barrier: Sendable {
    private let width: Int
    private let condition = NSCondition()
    private let count = Mutex(0)

    init(width: Int) { self.width = width }

    func arriveAndWait() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let arrived = count.withLock { value -> Int in
            value += 1
            return value
        }
        if arrived >= width {
            condition.broadcast()
            return true
        }
        let deadline = Date(timeIntervalSinceNow: 10)
        while count.withLock({ $0 }) < width {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }
}

/// Holds the first `width` invocations until all of them are in flight together (bounded), then answers
/// every event with what its context says; counts the most invocations seen at once.
private final class InFlightHandler: LambdaHandler, @unchecked Sendable {
    private let width: Int
    private let state = Mutex((inFlight: 0, most: 0, arrivals: 0, coldStarts: 0))
    private let condition = NSCondition()

    init(width: Int) { self.width = width }

    var mostAtOnce: Int { state.withLock { $0.most } }
    var coldStarts: Int { state.withLock { $0.coldStarts } }

    func handle(event: [UInt8], context: LambdaContext) throws -> [UInt8] {
        let text = String(decoding: event, as: UTF8.self)
        context.logger.info("serving", [("event", .string(text))])
        condition.lock()
        state.withLock { state in
            state.inFlight += 1
            state.arrivals += 1
            state.most = max(state.most, state.inFlight)
            if context.isColdStart { state.coldStarts += 1 }
        }
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: 10)
        while state.withLock({ $0.arrivals < width }), condition.wait(until: deadline) {}
        state.withLock { $0.inFlight -= 1 }
        condition.unlock()
        return Array("\(context.requestID) \(context.traceID ?? "-") \(text)".utf8)
    }
}

/// One scripted environment: invocations handed out once each to whichever client asks first.
private final class SharedScript: Sendable {
    private let queue: Mutex<[Invocation]>
    private let posted = Mutex<[(String, String)]>([])

    init(_ invocations: [Invocation]) { queue = Mutex(invocations) }

    var responses: [(String, String)] { posted.withLock { $0 } }

    func client() -> Client { Client(script: self) }

    final class Client: RuntimeAPI {
        let script: SharedScript
        init(script: SharedScript) { self.script = script }

        func nextInvocation() throws(RuntimeAPIError) -> Invocation {
            guard let next = script.queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
                throw .transportFailed("the script has no more invocations")
            }
            return next
        }

        func postResponse(requestID: String, body: [UInt8]) throws(RuntimeAPIError) {
            script.posted.withLock { $0.append((requestID, String(decoding: body, as: UTF8.self))) }
        }

        func postInvocationError(requestID: String, error: InvocationError) throws(RuntimeAPIError) {
            script.posted.withLock { $0.append((requestID, "error \(error.errorType)")) }
        }

        func postInitError(_ error: InvocationError) throws(RuntimeAPIError) {}
    }
}
