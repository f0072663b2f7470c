/// Turns one event into one response. Built once at init and reused by every warm invocation.
public protocol LambdaHandler: AnyObject {
    func handle(event: [UInt8], context: LambdaContext) throws -> [UInt8]
    /// What the runtime calls. The default answers with `handle`'s bytes; a handler that streams some or all
    /// of its responses implements this and returns `.streamed`.
    func respond(to event: [UInt8], context: LambdaContext) throws -> LambdaResponse
}

extension LambdaHandler {
    public func respond(to event: [UInt8], context: LambdaContext) throws -> LambdaResponse {
        .buffered(try handle(event: event, context: context))
    }
}

/// An error a handler throws to choose the `errorType` Lambda reports (any other error is reported by its
/// Swift type name).
public struct InvocationError: Error, Sendable, Equatable {
    /// The `errorType` Lambda reports (and API Gateway logs).
    public let errorType: String
    /// The `errorMessage` Lambda reports.
    public let errorMessage: String

    /// An error of the given type and message.
    public init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }
}
