import Codec

/// How many invocations Lambda may hand this environment at once: `AWS_LAMBDA_MAX_CONCURRENCY`, which Lambda
/// Managed Instances set. Absent means 1, today's one-event-at-a-time environment.
package enum MaxConcurrency {
    public static let variable = "AWS_LAMBDA_MAX_CONCURRENCY"
    /// Each worker is an OS thread with two connections; far beyond what one environment could use.
    public static let limit = 1024

    public struct Invalid: Error, CustomStringConvertible {
        public let value: String
        public var description: String { "\(MaxConcurrency.variable) must be a whole number from 1 to \(MaxConcurrency.limit), not \"\(value)\"" }
    }

    public static func fromEnvironment(_ environment: (String) -> String? = Environment.value) throws(Invalid) -> Int {
        guard let text = environment(variable), !text.isEmpty else { return 1 }
        guard let count = Int(text), (1...limit).contains(count) else { throw Invalid(value: text) }
        return count
    }
}
