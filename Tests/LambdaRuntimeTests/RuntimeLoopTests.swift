import Foundation
import LambdaRuntime
import Testing

private struct OutOfStock: Error, CustomStringConvertible {
    let sku: String
    var description: String { "no stock left for \(sku)" }
}

/// The invoke loop through a scripted Runtime API. Serialized: the loop sets `_X_AMZN_TRACE_ID`, which is
/// process-wide.
@Suite(.serialized) struct RuntimeLoopTests {
    @Test func postsResponsesInOrder() throws {
        let api = ScriptedRuntimeAPI(invocations: [invocation("r1", "one"), invocation("r2", "two"), invocation("r3", "three")])
        let loop = RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: LogCapture().logger)
        try loop.run(invocations: 3)

        #expect(api.calls == [
            .next, .response(requestID: "r1", body: "ONE"),
            .next, .response(requestID: "r2", body: "TWO"),
            .next, .response(requestID: "r3", body: "THREE"),
        ])
        #expect(loop.invocationCount == 3)
    }

    @Test func handlerErrorsArePostedAndTheLoopGoesOn() throws {
        let api = ScriptedRuntimeAPI(invocations: [invocation("r1"), invocation("r2"), invocation("r3", "fine")])
        let handler = ClosureHandler { event, context in
            switch context.requestID {
            case "r1": throw InvocationError(errorType: "Products.NotFound", errorMessage: "no product 42")
            case "r2": throw OutOfStock(sku: "MUG-1")
            default: return event
            }
        }
        let log = LogCapture()
        try RuntimeLoop(api: api, handler: handler, logger: log.logger).run(invocations: 3)

        #expect(api.calls == [
            .next, .error(requestID: "r1", InvocationError(errorType: "Products.NotFound", errorMessage: "no product 42")),
            .next, .error(requestID: "r2", InvocationError(errorType: "OutOfStock", errorMessage: "no stock left for MUG-1")),
            .next, .response(requestID: "r3", body: "fine"),
        ])
        let failures = log.lines(withMessage: "invocation failed")
        #expect(failures.map { $0["requestId"] as? String } == ["r1", "r2"])
        #expect(failures.map { $0["errorType"] as? String } == ["Products.NotFound", "OutOfStock"])
        #expect(failures.allSatisfy { $0["level"] as? String == "ERROR" })
    }

    @Test func onlyTheFirstInvocationIsAColdStart() throws {
        let api = ScriptedRuntimeAPI(invocations: [invocation("r1"), invocation("r2"), invocation("r3")])
        let handler = ClosureHandler.shouting()
        try RuntimeLoop(api: api, handler: handler, logger: LogCapture().logger).run(invocations: 3)
        #expect(handler.contexts.map(\.isColdStart) == [true, false, false])
    }

    @Test func contextCarriesTheInvocationsFacts() throws {
        let deadline = Int64(Date().timeIntervalSince1970 * 1000) + 5_000
        let api = ScriptedRuntimeAPI(invocations: [
            Invocation(
                event: [], requestID: "req-9", deadlineEpochMilliseconds: deadline, invokedFunctionARN: "arn:fn",
                traceID: "Root=1-abc", clientContext: #"{"client":{}}"#, cognitoIdentity: #"{"id":"c"}"#)
        ])
        let log = LogCapture()
        let handler = ClosureHandler { _, context in
            context.logger.info("inside")
            return []
        }
        try RuntimeLoop(api: api, handler: handler, logger: log.logger).run(invocations: 1)

        let context = try #require(handler.contexts.first)
        #expect(context.requestID == "req-9")
        #expect(context.deadlineEpochMilliseconds == deadline)
        #expect(context.invokedFunctionARN == "arn:fn")
        #expect(context.traceID == "Root=1-abc")
        #expect(context.clientContext == #"{"client":{}}"#)
        #expect(context.cognitoIdentity == #"{"id":"c"}"#)
        #expect(context.logger.requestID == "req-9")
        #expect(log.lines(withMessage: "inside").first?["requestId"] as? String == "req-9")
    }

    @Test func remainingTimeComesFromTheDeadline() throws {
        let api = ScriptedRuntimeAPI(invocations: [
            invocation("soon", deadlineInMilliseconds: 30_000), invocation("late", deadlineInMilliseconds: -1_000),
        ])
        var remaining: [Int64] = []
        let handler = ClosureHandler { _, context in
            remaining.append(context.remainingMilliseconds)
            return []
        }
        try RuntimeLoop(api: api, handler: handler, logger: LogCapture().logger).run(invocations: 2)
        #expect(remaining.count == 2)
        #expect((25_000...30_000).contains(remaining[0]))
        #expect(remaining[1] <= -1_000)
    }

    @Test func traceIDIsExportedAndClearedPerInvocation() throws {
        setenv("_X_AMZN_TRACE_ID", "stale-from-before", 1)
        let api = ScriptedRuntimeAPI(invocations: [
            invocation("r1", traceID: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
            invocation("r2"),
            invocation("r3", traceID: "Root=1-00000000-000000000000000000000003"),
        ])
        var seen: [String?] = []
        let handler = ClosureHandler { _, _ in
            seen.append(getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) })
            return []
        }
        try RuntimeLoop(api: api, handler: handler, logger: LogCapture().logger).run(invocations: 3)
        #expect(seen == [
            "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", nil,
            "Root=1-00000000-000000000000000000000003",
        ])
    }

    /// glibc's setenv keeps every value ever set: a fresh trace id per invocation leaked ~160 bytes each time.
    /// The variable now lives in one buffer, rewritten in place: the environment entry's address never moves.
    @Test func theTraceIDIsRewrittenInPlaceRatherThanReallocatedPerInvocation() throws {
        let count = 200
        let api = ScriptedRuntimeAPI(invocations: (0..<count).map { index in
            invocation("r\(index)", traceID: "Root=1-5bef4de7-\(String(repeating: "0", count: 20))\(1000 + index);Sampled=1")
        })
        var addresses: Set<UInt> = []
        var values: [String] = []
        let handler = ClosureHandler { _, _ in
            let entry = getenv("_X_AMZN_TRACE_ID")
            addresses.insert(UInt(bitPattern: entry))
            values.append(entry.map { String(cString: $0) } ?? "")
            return []
        }
        try RuntimeLoop(api: api, handler: handler, logger: LogCapture().logger).run(invocations: count)
        #expect(addresses.count == 1)
        #expect(values.last == "Root=1-5bef4de7-\(String(repeating: "0", count: 20))\(1000 + count - 1);Sampled=1")
        #expect(Set(values).count == count)
    }

    @Test func aTooLargeResponseBecomesAnErrorPost() throws {
        let api = ScriptedRuntimeAPI(invocations: [invocation("big", "huge"), invocation("next", "small")])
        api.responseFailures = [.unexpectedStatus(413, #"{"errorType":"RequestEntityTooLarge"}"#)]
        let log = LogCapture()
        try RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: log.logger).run(invocations: 2)

        #expect(api.calls == [
            .next, .response(requestID: "big", body: "HUGE"),
            .error(requestID: "big", InvocationError(
                errorType: "Function.ResponseSizeTooLarge", errorMessage: "the response of 4 bytes is larger than Lambda accepts")),
            .next, .response(requestID: "next", body: "SMALL"),
        ])
        #expect(log.lines(withMessage: "response too large").first?["requestId"] as? String == "big")
    }

    @Test(arguments: [400, 403, 410])
    func otherRejectedPostsAreLoggedAndSkipped(status: Int) throws {
        let api = ScriptedRuntimeAPI(invocations: [invocation("r1", "a"), invocation("r2", "b")])
        api.responseFailures = [.unexpectedStatus(status, "Invalid request ID")]
        let sleeps = SleepRecorder()
        let log = LogCapture()
        try RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: log.logger, sleep: sleeps.sleep).run(invocations: 2)

        #expect(api.calls == [.next, .response(requestID: "r1", body: "A"), .next, .response(requestID: "r2", body: "B")])
        #expect(sleeps.delays.isEmpty)
        let rejected = log.lines(withMessage: "Runtime API rejected the response; continuing")
        #expect(rejected.count == 1)
        #expect((rejected.first?["error"] as? String)?.contains("\(status)") == true)
    }

    @Test func aRejectedErrorPostIsLoggedAndSkipped() throws {
        let api = ScriptedRuntimeAPI(invocations: [invocation("r1"), invocation("r2", "ok")])
        api.errorFailures = [.unexpectedStatus(400, "bad")]
        let handler = ClosureHandler { event, context in
            if context.requestID == "r1" { throw OutOfStock(sku: "X") }
            return event
        }
        let log = LogCapture()
        try RuntimeLoop(api: api, handler: handler, logger: log.logger).run(invocations: 2)
        #expect(api.postedResponses == [.response(requestID: "r2", body: "ok")])
        #expect(log.lines(withMessage: "Runtime API rejected the error report; continuing").count == 1)
    }

    @Test func anUnavailableRuntimeAPIIsRetriedWithBackoff() throws {
        let api = ScriptedRuntimeAPI([
            .failure(.unreachable("connection refused")), .failure(.unexpectedStatus(502, "")),
            .failure(.unreachable("connection refused")), .success(invocation("r1", "x")),
        ])
        api.responseFailures = [.unexpectedStatus(500, "busy"), .unreachable("connection reset")]
        let sleeps = SleepRecorder()
        let log = LogCapture()
        let policy = RetryPolicy(initialDelayMilliseconds: 5, maximumDelayMilliseconds: 500, budgetMilliseconds: 3000)
        try RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: log.logger, retryPolicy: policy, sleep: sleeps.sleep)
            .run(invocations: 1)

        #expect(api.calls == [
            .next, .next, .next, .next,
            .response(requestID: "r1", body: "X"), .response(requestID: "r1", body: "X"), .response(requestID: "r1", body: "X"),
        ])
        // Each call starts its own backoff: 5, 10, 20 for /next, then 5, 10 for the response.
        #expect(sleeps.delays == [5, 10, 20, 5, 10])
        #expect(log.lines(withMessage: "Runtime API call failed; retrying with backoff").count == 2)
    }

    // SAM and AWS's RIE stop the emulator right after a response: the next `/next` is refused.
    static let retrying = "Runtime API call failed; retrying with backoff"
    static let goneAfterResponse = "Runtime API gone after the response; retrying with backoff"

    @Test func aRefusedNextAfterAResponseIsLoggedAtDebugNotAsAWarning() throws {
        let api = ScriptedRuntimeAPI([
            .success(invocation("r1", "a")), .failure(.refused("connection refused")), .failure(.refused("connection refused")),
            .success(invocation("r2", "b")),
        ])
        let sleeps = SleepRecorder()
        let log = LogCapture()
        try RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: log.logger, sleep: sleeps.sleep).run(invocations: 2)

        #expect(api.postedResponses == [.response(requestID: "r1", body: "A"), .response(requestID: "r2", body: "B")])
        #expect(sleeps.delays == [5, 10])  // still retried with backoff
        let quiet = log.lines(withMessage: Self.goneAfterResponse)
        #expect(quiet.count == 1)
        #expect(quiet.first?["level"] as? String == "DEBUG")
        #expect((quiet.first?["error"] as? String)?.contains("refused") == true)
        #expect(log.lines(withMessage: Self.retrying).isEmpty)
        #expect(!log.lines.contains { $0["level"] as? String == "WARN" })
    }

    @Test func aRefusedNextBeforeAnyInvocationIsStillAWarning() throws {
        let api = ScriptedRuntimeAPI([.failure(.refused("connection refused")), .success(invocation("r1", "a"))])
        let log = LogCapture()
        let sleeps = SleepRecorder()
        try RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: log.logger, sleep: sleeps.sleep).run(invocations: 1)
        #expect(sleeps.delays == [5])
        #expect(log.lines(withMessage: Self.retrying).count == 1)
        #expect(log.lines(withMessage: Self.retrying).first?["level"] as? String == "WARN")
        #expect(log.lines(withMessage: Self.goneAfterResponse).isEmpty)
    }

    @Test func aDroppedNextAfterAResponseIsQuietToo() throws {
        // The /next in flight when the emulator closes: the connection is dropped rather than refused.
        let api = ScriptedRuntimeAPI([
            .success(invocation("r1", "a")), .failure(.unreachable("Recv failure: Connection reset by peer")),
            .failure(.refused("connection refused")), .success(invocation("r2", "b")),
        ])
        let log = LogCapture()
        let sleeps = SleepRecorder()
        try RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: log.logger, sleep: sleeps.sleep).run(invocations: 2)
        #expect(sleeps.delays == [5, 10])
        #expect(log.lines(withMessage: Self.goneAfterResponse).count == 1)
        #expect(log.lines(withMessage: Self.retrying).isEmpty)
    }

    @Test(arguments: [RuntimeAPIError.unexpectedStatus(502, "bad gateway"), .unexpectedStatus(500, "Container error")])
    func aRuntimeAPIThatAnswersWithErrorsAfterAResponseIsStillAWarning(failure: RuntimeAPIError) throws {
        let api = ScriptedRuntimeAPI([.success(invocation("r1", "a")), .failure(failure), .success(invocation("r2", "b"))])
        let log = LogCapture()
        let sleeps = SleepRecorder()
        try RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: log.logger, sleep: sleeps.sleep).run(invocations: 2)
        #expect(sleeps.delays == [5])
        #expect(log.lines(withMessage: Self.retrying).count == 1)
        #expect(log.lines(withMessage: Self.goneAfterResponse).isEmpty)
    }

    @Test func aRefusedResponsePostIsStillAWarning() throws {
        let api = ScriptedRuntimeAPI(invocations: [invocation("r1", "a"), invocation("r2", "b")])
        api.responseFailures = [.refused("connection refused")]
        let log = LogCapture()
        let sleeps = SleepRecorder()
        try RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: log.logger, sleep: sleeps.sleep).run(invocations: 2)
        #expect(sleeps.delays == [5])
        #expect(log.lines(withMessage: Self.retrying).count == 1)
        #expect(log.lines(withMessage: Self.goneAfterResponse).isEmpty)
    }

    @Test func aRuntimeAPIThatStaysGoneAfterAResponseStillStopsTheLoop() throws {
        let policy = RetryPolicy(initialDelayMilliseconds: 2, maximumDelayMilliseconds: 16, budgetMilliseconds: 100)
        let api = ScriptedRuntimeAPI([.success(invocation("r1"))] + Array(repeating: .failure(.refused("connection refused")), count: 100))
        let sleeps = SleepRecorder()
        let loop = RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: LogCapture().logger, retryPolicy: policy, sleep: sleeps.sleep)
        let failure = #expect(throws: RuntimeCallFailure.self) { try loop.run(invocations: 2) }
        #expect(failure?.operation == "next")
        #expect(failure?.cause == .refused("connection refused"))
        #expect(sleeps.delays == [2, 4, 8, 16, 16, 16, 16, 16])  // the whole budget, as for any failure
    }

    @Test func aRuntimeAPIThatStaysDownStopsTheLoop() throws {
        let policy = RetryPolicy(initialDelayMilliseconds: 2, maximumDelayMilliseconds: 16, budgetMilliseconds: 100)
        let api = ScriptedRuntimeAPI(Array(repeating: .failure(.unreachable("connection refused")), count: 100))
        let sleeps = SleepRecorder()
        let loop = RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: LogCapture().logger, retryPolicy: policy, sleep: sleeps.sleep)

        let failure = #expect(throws: RuntimeCallFailure.self) { try loop.run(invocations: 1) }
        #expect(failure?.operation == "next")
        #expect(failure?.cause == .unreachable("connection refused"))
        #expect(sleeps.delays == [2, 4, 8, 16, 16, 16, 16, 16])
        #expect(failure?.attempts == sleeps.delays.count + 1)
        #expect(api.calls.count == sleeps.delays.count + 1)
        #expect(loop.invocationCount == 0)
    }

    @Test func aResponsePostThatKeepsFailingStopsTheLoop() throws {
        let policy = RetryPolicy(initialDelayMilliseconds: 1, maximumDelayMilliseconds: 4, budgetMilliseconds: 10)
        let api = ScriptedRuntimeAPI(invocations: [invocation("r1"), invocation("r2")])
        api.responseFailures = Array(repeating: .unexpectedStatus(500, "Container error"), count: 50)
        let sleeps = SleepRecorder()
        let loop = RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: LogCapture().logger, retryPolicy: policy, sleep: sleeps.sleep)

        let failure = #expect(throws: RuntimeCallFailure.self) { try loop.run(invocations: 2) }
        #expect(failure?.operation == "response")
        #expect(failure?.cause.status == 500)
        #expect(sleeps.delays == [1, 2, 4])
        #expect(api.calls.filter { $0 == .next }.count == 1)
    }

    @Test(arguments: [
        RuntimeAPIError.unexpectedStatus(403, "forbidden"), .invalidInvocation("no request id"), .transportFailed("bad URL"),
    ])
    func permanentFailuresStopAtOnce(error: RuntimeAPIError) throws {
        let api = ScriptedRuntimeAPI([.failure(error), .success(invocation("never"))])
        let sleeps = SleepRecorder()
        let loop = RuntimeLoop(api: api, handler: ClosureHandler.shouting(), logger: LogCapture().logger, sleep: sleeps.sleep)

        let failure = #expect(throws: RuntimeCallFailure.self) { try loop.run(invocations: 1) }
        #expect(failure == RuntimeCallFailure(operation: "next", attempts: 1, cause: error))
        #expect(sleeps.delays.isEmpty)
        #expect(api.calls == [.next])
    }
}
