import Foundation
import LambdaRuntime

/// A Runtime API double: answers `/next` from a script, fails posts as scripted, and records every call.
final class ScriptedRuntimeAPI: RuntimeAPI {
    enum Call: Equatable {
        case next
        case response(requestID: String, body: String)
        case error(requestID: String, InvocationError)
        case initError(InvocationError)
    }

    /// Answers for `/next`, in order; when they run out, `/next` fails for good.
    var nextAnswers: [Result<Invocation, RuntimeAPIError>]
    /// Failures for the next response posts, one per attempt, before they succeed.
    var responseFailures: [RuntimeAPIError] = []
    var errorFailures: [RuntimeAPIError] = []
    private(set) var calls: [Call] = []

    init(_ nextAnswers: [Result<Invocation, RuntimeAPIError>]) {
        self.nextAnswers = nextAnswers
    }

    convenience init(invocations: [Invocation]) {
        self.init(invocations.map { .success($0) })
    }

    var postedResponses: [Call] { calls.filter { if case .response = $0 { true } else { false } } }
    var postedErrors: [Call] { calls.filter { if case .error = $0 { true } else { false } } }

    func nextInvocation() throws(RuntimeAPIError) -> Invocation {
        calls.append(.next)
        guard !nextAnswers.isEmpty else { throw .transportFailed("the script has no more invocations") }
        return try nextAnswers.removeFirst().get()
    }

    func postResponse(requestID: String, body: [UInt8]) throws(RuntimeAPIError) {
        calls.append(.response(requestID: requestID, body: String(decoding: body, as: UTF8.self)))
        if !responseFailures.isEmpty { throw responseFailures.removeFirst() }
    }

    func postInvocationError(requestID: String, error: InvocationError) throws(RuntimeAPIError) {
        calls.append(.error(requestID: requestID, error))
        if !errorFailures.isEmpty { throw errorFailures.removeFirst() }
    }

    func postInitError(_ error: InvocationError) throws(RuntimeAPIError) {
        calls.append(.initError(error))
    }
}

/// A handler made of a closure, remembering the contexts it was given.
final class ClosureHandler: LambdaHandler {
    private let body: ([UInt8], LambdaContext) throws -> [UInt8]
    private(set) var contexts: [LambdaContext] = []

    init(_ body: @escaping ([UInt8], LambdaContext) throws -> [UInt8]) {
        self.body = body
    }

    /// Answers each event with itself in upper case.
    static func shouting() -> ClosureHandler {
        ClosureHandler { event, _ in Array(String(decoding: event, as: UTF8.self).uppercased().utf8) }
    }

    func handle(event: [UInt8], context: LambdaContext) throws -> [UInt8] {
        contexts.append(context)
        return try body(event, context)
    }
}

/// Collects log lines as parsed JSON objects.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    var logger: Logger { Logger(minimumLevel: .debug, sink: { [self] line in lock.withLock { storage.append(line) } }) }

    var lines: [[String: Any]] {
        lock.withLock { storage }.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
    }

    func lines(withMessage message: String) -> [[String: Any]] {
        lines.filter { $0["message"] as? String == message }
    }
}

/// Records the waits a retry asks for instead of sleeping.
final class SleepRecorder {
    private(set) var delays: [Int] = []
    var sleep: (Int) -> Void { { [unowned self] in delays.append($0) } }
}

func invocation(_ id: String, _ event: String = "{}", traceID: String? = nil, deadlineInMilliseconds: Int64 = 60_000) -> Invocation {
    Invocation(
        event: Array(event.utf8), requestID: id, deadlineEpochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000) + deadlineInMilliseconds,
        invokedFunctionARN: "arn:aws:lambda:eu-west-1:123456789012:function:products", traceID: traceID)
}
