import CCurl

/// The body of a request sent with `Transfer-Encoding: chunked` while it is being written: each `write` is on
/// the wire (handed to the socket) before it returns, so a writer never holds more than the chunk in hand.
/// `trailers` set before the body ends are sent after the last chunk.
///
/// libcurl pulls a body through its read callback; a writer pushes. The transfer runs on a multi handle so
/// this thread can drive it between writes: the read callback pauses the transfer whenever it has nothing
/// to send, and a write unpauses it and runs it until the callback has taken every byte and paused again.
public final class ChunkedUpload {
    /// Sent after the last chunk; declare them in a `Trailer:` request header.
    public var trailers: [(name: String, value: String)] = []
    /// The transfer's outcome once it has ended (early when the peer answered or hung up mid-body).
    private(set) var result: CURLcode?

    private let easy: UnsafeMutableRawPointer
    private let multi: UnsafeMutableRawPointer
    /// The bytes of the write in progress and how many libcurl has taken.
    fileprivate var pending = UnsafeRawBufferPointer(start: nil, count: 0)
    fileprivate var taken = 0
    fileprivate var ended = false
    fileprivate var paused = false

    init(easy: UnsafeMutableRawPointer, multi: UnsafeMutableRawPointer) {
        self.easy = easy
        self.multi = multi
    }

    /// Sends `bytes` as (at least) one chunk; throws when the transfer has already ended (the peer answered
    /// early or the connection broke). An empty write sends nothing: a zero-size chunk would end the body.
    public func write(_ bytes: [UInt8]) throws(HTTPClientError) {
        if bytes.isEmpty { return }
        if result != nil { throw HTTPClientError(kind: .connectionLost, message: "the chunked upload has already ended") }
        let failure: CURLMcode = bytes.withUnsafeBytes { buffer in
            pending = buffer
            taken = 0
            defer { pending = UnsafeRawBufferPointer(start: nil, count: 0) }
            return resume { $0.taken == $0.pending.count && $0.paused }
        }
        if failure != CURLM_OK { throw Self.multiError(failure) }
        if result != nil, taken < bytes.count { throw HTTPClientError(kind: .connectionLost, message: "the chunked upload ended mid-chunk") }
    }

    /// Starts the transfer: connects and sends the request head, then pauses for the first write.
    func start() throws(HTTPClientError) {
        let added = curl_multi_add_handle(multi, easy)
        if added != CURLM_OK { throw Self.multiError(added) }
        let failure = drive { $0.paused }
        if failure != CURLM_OK { throw Self.multiError(failure) }
    }

    /// Ends the body (libcurl sends the last chunk and the trailers), waits for the answer and detaches the
    /// transfer from the multi handle. The transfer's result.
    func finish() -> CURLcode {
        ended = true
        let failure = resume { _ in false }
        curl_multi_remove_handle(multi, easy)
        if let result { return result }
        return failure == CURLM_OK ? CURLE_OK : CURLE_SEND_ERROR
    }

    private func resume(until satisfied: (ChunkedUpload) -> Bool) -> CURLMcode {
        paused = false
        if result == nil { curl_easy_pause(easy, CURLPAUSE_CONT) }
        return drive(until: satisfied)
    }

    /// Runs the transfer until `satisfied` or its end.
    private func drive(until satisfied: (ChunkedUpload) -> Bool) -> CURLMcode {
        while result == nil, !satisfied(self) {
            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            if performed != CURLM_OK { return performed }
            collectResult()
            if result != nil || satisfied(self) { break }
            var ready: Int32 = 0
            let polled = curl_multi_poll(multi, nil, 0, 1000, &ready)
            if polled != CURLM_OK { return polled }
        }
        return CURLM_OK
    }

    private func collectResult() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            if message.pointee.msg == CURLMSG_DONE, message.pointee.easy_handle == easy { result = message.pointee.data.result }
        }
    }

    private static func multiError(_ code: CURLMcode) -> HTTPClientError {
        HTTPClientError(kind: .other, message: String(cString: curl_multi_strerror(code)), curlCode: Int(code.rawValue))
    }
}

/// CURLOPT_READFUNCTION: the bytes of the write in progress; when they are all taken, a pause (the writer
/// has more to come) or, once the body has ended, 0 (libcurl then sends the last chunk).
func supplyChunk(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    let upload = Unmanaged<ChunkedUpload>.fromOpaque(context).takeUnretainedValue()
    let remaining = upload.pending.count - upload.taken
    if remaining > 0, let base = upload.pending.baseAddress {
        let length = min(remaining, size * count)
        UnsafeMutableRawPointer(buffer).copyMemory(from: base + upload.taken, byteCount: length)
        upload.taken += length
        return length
    }
    if upload.ended { return 0 }
    upload.paused = true
    return ccurl_readfunc_pause()
}

/// CURLOPT_TRAILERFUNCTION: the upload's trailers, after the last chunk.
func supplyTrailers(_ list: UnsafeMutablePointer<UnsafeMutablePointer<curl_slist>?>?, _ context: UnsafeMutableRawPointer?) -> Int32 {
    guard let list, let context else { return 0 }
    let upload = Unmanaged<ChunkedUpload>.fromOpaque(context).takeUnretainedValue()
    for trailer in upload.trailers { list.pointee = curl_slist_append(list.pointee, "\(trailer.name): \(trailer.value)") }
    return 0  // CURL_TRAILERFUNC_OK
}
