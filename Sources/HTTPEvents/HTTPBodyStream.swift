/// A response body written piece by piece while it is sent, so it never has to fit in memory: `produce` is
/// called once with a function that sends one piece (it throws when the piece cannot be sent; let that end
/// `produce`). A throw from `produce` after the first piece truncates the response the client sees.
///
/// Runs on the invocation's thread, during the invocation only; the box is what lets a response that holds
/// one stay `Sendable`.
public final class HTTPBodyStream: @unchecked Sendable {
    public typealias Emit = ([UInt8]) throws -> Void
    public let produce: (Emit) throws -> Void

    public init(_ produce: @escaping (Emit) throws -> Void) {
        self.produce = produce
    }

    /// Every piece, concatenated: for a source that cannot stream (ALB, HTTP API).
    public func collect() throws -> [UInt8] {
        var body: [UInt8] = []
        try produce { body += $0 }
        return body
    }
}
