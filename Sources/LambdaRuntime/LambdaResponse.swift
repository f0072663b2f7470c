import HTTPTransport

/// What a handler answers with: bytes posted whole (the usual case), or a stream sent while it is written.
public enum LambdaResponse {
    case buffered([UInt8])
    case streamed(ResponseStream)
}

/// A response sent to the Runtime API chunk by chunk (`Lambda-Runtime-Function-Response-Mode: streaming`)
/// while `body` writes it: the caller gets the first bytes before the last are made, and the whole never has
/// to fit in memory. A throw from `body` ends the stream with the error in the
/// `Lambda-Runtime-Function-Error-Type`/`-Body` trailers; the bytes already sent stay sent.
public struct ResponseStream {
    public var contentType: String
    public var body: (any ResponseWriter) throws -> Void

    public init(contentType: String, body: @escaping (any ResponseWriter) throws -> Void) {
        self.contentType = contentType
        self.body = body
    }

    /// Everything `body` writes, in one piece (a Runtime API that cannot stream, tools, tests); rethrows its error.
    public func collect() throws -> [UInt8] {
        let writer = CollectingWriter()
        try body(writer)
        return writer.bytes
    }
}

/// Where a streaming handler writes its response. `write` returns once the chunk is on its way (a writer holds
/// one chunk at a time) and throws when it cannot be sent, for example because the Runtime API hung up.
public protocol ResponseWriter: AnyObject {
    func write(_ bytes: [UInt8]) throws
}

extension ChunkedUpload: ResponseWriter {}

final class CollectingWriter: ResponseWriter {
    var bytes: [UInt8] = []
    func write(_ bytes: [UInt8]) { self.bytes += bytes }
}
