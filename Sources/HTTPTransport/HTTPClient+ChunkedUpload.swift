import CCurl

extension HTTPClient {
    /// Sends `request` (its `body` is ignored) with a body `chunkedBody` writes while it is sent, chunk by
    /// chunk, followed by the trailers it sets (Lambda's response streaming). Returns when the peer has
    /// answered. The chunked transfer runs on its own multi handle, so it has its own connection, reused by
    /// the next chunked upload; buffered requests keep theirs.
    public func send(_ request: HTTPClientRequest, chunkedBody: (ChunkedUpload) -> Void) throws(HTTPClientError) -> HTTPClientResponse {
        if tls == nil, request.url.hasPrefix("https:") { try configureTrust() }
        guard let multi = multi ?? curl_multi_init() else { throw HTTPClientError(kind: .other, message: "curl_multi_init failed") }
        self.multi = multi
        // A copy of the handle (every option, no state) per upload: libcurl 7.88 never resets a handle's trailer
        // state, so a second chunked upload on one handle would send no trailers and frame its chunks wrongly.
        // The copies share the multi handle's connection cache, so they reuse one connection.
        guard let easy = curl_easy_duphandle(handle) else { throw HTTPClientError(kind: .other, message: "curl_easy_duphandle failed") }
        defer { curl_easy_cleanup(easy) }
        sink.reset()
        errorBuffer[0] = 0
        // Its own header list, so the buffered requests' cached list stays valid.
        let headerList = HeaderListCache()
        ccurl_setopt_string(easy, CURLOPT_URL, request.url)
        ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList.list(for: request.headers + [(name: "Transfer-Encoding", value: "chunked")]))
        ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds.map { max(1, $0) } ?? 0)
        ccurl_setopt_long(easy, CURLOPT_NOBODY, 0)
        ccurl_setopt_long(easy, CURLOPT_POST, 1)
        if request.method == "POST" {
            ccurl_setopt_pointer(easy, CURLOPT_CUSTOMREQUEST, nil)
        } else {
            ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
        }
        // No POSTFIELDS and no size: libcurl reads the body through the callback and frames it in chunks.
        ccurl_setopt_pointer(easy, CURLOPT_POSTFIELDS, nil)
        ccurl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, -1)

        let upload = ChunkedUpload(easy: easy, multi: multi)
        let context = Unmanaged.passUnretained(upload).toOpaque()
        ccurl_setopt_read_callback(easy, supplyChunk)
        ccurl_setopt_pointer(easy, CURLOPT_READDATA, context)
        ccurl_setopt_trailer_callback(easy, supplyTrailers)
        ccurl_setopt_pointer(easy, CURLOPT_TRAILERDATA, context)

        var code = CURLE_OK
        do {
            try upload.start()
            if upload.result == nil { chunkedBody(upload) }
            code = upload.finish()
        } catch {
            _ = upload.finish()
            throw error
        }
        guard code == CURLE_OK else { throw transferError(code) }
        return received(by: easy, resumedTLSSession: false)
    }
}
