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
        sink.reset()
        errorBuffer[0] = 0
        let headers = request.headers + [(name: "Transfer-Encoding", value: "chunked")]
        ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerLists.list(for: headers))
        let timeout = request.timeoutMilliseconds.map { max(1, $0) } ?? 0
        if timeout != lastTimeout {
            ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeout)
            lastTimeout = timeout
        }
        ccurl_setopt_long(handle, CURLOPT_NOBODY, 0)
        ccurl_setopt_long(handle, CURLOPT_POST, 1)
        if request.method == "POST" {
            ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        } else {
            ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        // No POSTFIELDS and no size: libcurl reads the body through the callback and frames it in chunks.
        ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, nil)
        ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, -1)
        // The next buffered request sets its method and body again.
        lastMethod = ""

        let upload = ChunkedUpload(easy: handle, multi: multi)
        let context = Unmanaged.passUnretained(upload).toOpaque()
        ccurl_setopt_read_callback(handle, supplyChunk)
        ccurl_setopt_pointer(handle, CURLOPT_READDATA, context)
        ccurl_setopt_trailer_callback(handle, supplyTrailers)
        ccurl_setopt_pointer(handle, CURLOPT_TRAILERDATA, context)
        defer {
            ccurl_setopt_read_callback(handle, nil)
            ccurl_setopt_pointer(handle, CURLOPT_READDATA, nil)
            ccurl_setopt_trailer_callback(handle, nil)
            ccurl_setopt_pointer(handle, CURLOPT_TRAILERDATA, nil)
        }

        var code = CURLE_OK
        do {
            try upload.start()
            chunkedBody(upload)
            code = upload.finish()
        } catch {
            _ = upload.finish()
            throw error
        }
        guard code == CURLE_OK else { throw transferError(code) }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPClientResponse(status: status, received: sink.headers, body: sink.body, reusedConnection: true, resumedTLSSession: false)
    }
}
