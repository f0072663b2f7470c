/// Why authentication could not be configured: an init error naming the variable to fix.
public struct AuthConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let variable: String
    public let reason: String

    public init(_ variable: String, _ reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "\(variable) \(reason)" }
}
