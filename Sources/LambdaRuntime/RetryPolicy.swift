import Codec

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Bounded exponential backoff for a Runtime API that is briefly unreachable or answering 5xx: the delay
/// doubles from `initialDelayMilliseconds` up to `maximumDelayMilliseconds`, and retrying stops once the
/// delays would add up to more than `budgetMilliseconds`. Never a busy loop, never for ever.
package struct RetryPolicy: Sendable, Equatable {
    public var initialDelayMilliseconds: Int
    public var maximumDelayMilliseconds: Int
    public var budgetMilliseconds: Int

    public init(initialDelayMilliseconds: Int = 5, maximumDelayMilliseconds: Int = 500, budgetMilliseconds: Int = 3000) {
        self.initialDelayMilliseconds = max(1, initialDelayMilliseconds)
        self.maximumDelayMilliseconds = max(self.initialDelayMilliseconds, maximumDelayMilliseconds)
        self.budgetMilliseconds = max(0, budgetMilliseconds)
    }

    /// The waits between attempts, in order: 5, 10, 20, … 500, 500, … while the total stays in budget.
    public var delays: [Int] {
        var result: [Int] = []
        var delay = initialDelayMilliseconds
        var total = 0
        while total + delay <= budgetMilliseconds {
            result.append(delay)
            total += delay
            delay = min(delay * 2, maximumDelayMilliseconds)
        }
        return result
    }

    /// Runs `operation`, retrying transient failures after each delay. A permanent failure, or a transient
    /// one once the budget is spent, is rethrown with the number of attempts made.
    /// `afterResponse`: the previous invocation was answered, so a Runtime API that stops accepting connections
    /// is most likely an emulator stopping (SAM and AWS's RIE close it right after a response): that retry is
    /// logged at debug. Every other failure is a warning, and a call that fails for good is thrown as ever (the
    /// caller logs that once), so a Runtime API that really went away is still reported.
    func perform<T>(
        _ operation: String, logger: Logger, sleep: (Int) -> Void, afterResponse: Bool = false,
        _ body: () throws(RuntimeAPIError) -> T
    ) throws(RuntimeCallFailure) -> T {
        // Most calls succeed at once: the delays are worked out only when one fails.
        do throws(RuntimeAPIError) {
            return try body()
        } catch {
            return try retry(operation, logger: logger, sleep: sleep, afterResponse: afterResponse, after: error, body)
        }
    }

    private func retry<T>(
        _ operation: String, logger: Logger, sleep: (Int) -> Void, afterResponse: Bool, after first: RuntimeAPIError,
        _ body: () throws(RuntimeAPIError) -> T
    ) throws(RuntimeCallFailure) -> T {
        let delays = self.delays
        var attempt = 0
        var failure: RuntimeAPIError? = first
        while true {
            attempt += 1
            do throws(RuntimeAPIError) {
                if let failure { throw failure }
                return try body()
            } catch {
                failure = nil
                guard error.isTransient, attempt <= delays.count else {
                    throw RuntimeCallFailure(operation: operation, attempts: attempt, cause: error)
                }
                if attempt == 1 {
                    let fields: [(String, JSON)] = [("operation", .string(operation)), ("error", .string(error.description))]
                    if afterResponse, Self.meansGone(error) {
                        logger.debug("Runtime API gone after the response; retrying with backoff", fields)
                    } else {
                        logger.warn("Runtime API call failed; retrying with backoff", fields)
                    }
                }
                sleep(delays[attempt - 1])
            }
        }
    }

    /// A refused or dropped connection, as opposed to a Runtime API that answers with an error.
    private static func meansGone(_ error: RuntimeAPIError) -> Bool {
        switch error {
        case .refused, .unreachable: true
        case .unexpectedStatus, .transportFailed, .invalidInvocation: false
        }
    }

    /// The production sleep.
    @Sendable public static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}

/// A Runtime API call that failed for good: after retries for a transient cause, at once otherwise.
package struct RuntimeCallFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// `next`, `response`, `error` or `init/error`.
    public let operation: String
    public let attempts: Int
    public let cause: RuntimeAPIError

    public init(operation: String, attempts: Int, cause: RuntimeAPIError) {
        self.operation = operation
        self.attempts = attempts
        self.cause = cause
    }

    public var description: String {
        "\(operation) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(cause)"
    }
}
