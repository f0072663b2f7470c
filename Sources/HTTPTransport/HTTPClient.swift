import CCurl

/// A blocking HTTP/1.1 client over one reused libcurl easy handle: the connection stays open across warm
/// invocations, and a new connection resumes the TLS session of an earlier one (TrustStore). One client is
/// used by one thread at a time; clients on several threads share the process's trust stores safely.
public final class HTTPClient {
    /// How a client connects: proxies, extra CAs, timeouts.
    public struct Configuration: Sendable {
        /// The Runtime API must never go through a proxy; AWS endpoints may honour `HTTPS_PROXY`.
        public var ignoreProxies: Bool
        /// PEM file of extra CAs to trust in addition to the system's (`AWS_CA_BUNDLE`).
        public var additionalCABundlePath: String?
        public var connectTimeoutMilliseconds: Int
        /// The CAs trusted besides `additionalCABundlePath`; `nil`: the system's, found at first HTTPS use
        /// (`CertificateAuthorities.systemSources`, which honours `SSL_CERT_FILE` and `SSL_CERT_DIR`).
        public var trustSources: TrustSources?

        public init(
            ignoreProxies: Bool = true, additionalCABundlePath: String? = nil, connectTimeoutMilliseconds: Int = 3000,
            trustSources: TrustSources? = nil
        ) {
            self.ignoreProxies = ignoreProxies
            self.additionalCABundlePath = additionalCABundlePath
            self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
            self.trustSources = trustSources
        }
    }

    private let handle: UnsafeMutableRawPointer
    private let configuration: Configuration
    private let sink = ResponseSink()
    private let headerLists = HeaderListCache()
    /// libcurl keeps this pointer for the handle's life, so it is allocated (an array's storage may move).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Set at first HTTPS use; held so it (and the trust store) outlive every connection of this handle.
    private var tls: TLSConnectionSetup?
    /// What the handle was last set up for, so a request like the previous one sets no options again.
    private var lastMethod = ""
    private var lastTimeout = 0
    /// Made at the first chunked upload (`send(_:chunkedBody:)`), which is the only user.
    private var multi: UnsafeMutableRawPointer?

    public init(configuration: Configuration = Configuration()) throws(HTTPClientError) {
        _ = curlGlobalInit
        guard let handle = curl_easy_init() else {
            throw HTTPClientError(kind: .other, message: "curl_easy_init failed")
        }
        self.handle = handle
        self.configuration = configuration
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeoutMilliseconds)
        ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        if configuration.ignoreProxies {
            ccurl_setopt_string(handle, CURLOPT_NOPROXY, "*")
            ccurl_setopt_string(handle, CURLOPT_PROXY, "")
        }
        ccurl_setopt_write_callback(handle, receiveBody)
        ccurl_setopt_header_callback(handle, receiveHeader)
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer)
        ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer)
        ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        if let multi { curl_multi_cleanup(multi) }
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        if tls == nil, request.url.hasPrefix("https:") { try configureTrust() }
        let handshakesBefore = tls?.handshakes ?? 0
        sink.reset()
        errorBuffer[0] = 0

        let headerList = headerLists.list(for: request.headers)

        ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        let timeout = request.timeoutMilliseconds.map { max(1, $0) } ?? 0
        if timeout != lastTimeout {
            ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeout)
            lastTimeout = timeout
        }

        let code: CURLcode = request.body.withUnsafeBufferPointer { body in
            configureMethod(request.method, body: body)
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else { throw transferError(code) }
        return received(by: handle, resumedTLSSession: tls.map { $0.handshakes != handshakesBefore && $0.lastHandshakeResumed } ?? false)
    }

    /// What the transfer `easy` just completed received (its status, and the sink's headers and body).
    @inline(__always)
    private func received(by easy: UnsafeMutableRawPointer, resumedTLSSession: Bool) -> HTTPClientResponse {
        var status = 0
        var connects = 0
        ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        ccurl_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        return HTTPClientResponse(
            status: status, received: sink.headers, body: sink.body, reusedConnection: connects == 0, resumedTLSSession: resumedTLSSession)
    }

    /// Only what differs from the previous request is set: a body's pointer and size always do.
    private func configureMethod(_ method: String, body: UnsafeBufferPointer<UInt8>) {
        let sameMethod = method == lastMethod
        lastMethod = method
        switch method {
        case "GET":
            if sameMethod { return }
            ccurl_setopt_long(handle, CURLOPT_NOBODY, 0)
            ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        case "HEAD":
            if sameMethod { return }
            ccurl_setopt_long(handle, CURLOPT_NOBODY, 1)
            ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        default:
            if !sameMethod {
                ccurl_setopt_long(handle, CURLOPT_NOBODY, 0)
                ccurl_setopt_long(handle, CURLOPT_POST, 1)
                if method == "POST" {
                    ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
                } else {
                    ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)
                }
            }
            // curl reads the body from this pointer during curl_easy_perform; it must not be NULL.
            let empty: StaticString = ""
            let pointer = body.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                ?? UnsafeMutableRawPointer(mutating: empty.utf8Start)
            ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, pointer)
            ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        }
    }

    /// Verification is always on. The process-wide store for this client's sources is found (or built) at
    /// first HTTPS use, never at init and never for the plain-HTTP Runtime API; an additional bundle is
    /// trusted on top of the system's rather than instead. Every later connection of this handle gets the
    /// same store and resumes sessions from the same cache, so nothing here runs again.
    private func configureTrust() throws(HTTPClientError) {
        let sources = (configuration.trustSources ?? CertificateAuthorities.systemSources())
            .adding(bundle: configuration.additionalCABundlePath)
        let setup = TLSConnectionSetup(trust: try TrustStore.forSources(sources))
        let code = setup.attach(to: handle)
        guard code == CURLE_OK else {
            throw HTTPClientError(kind: .tls, message: "libcurl refused the trust store", curlCode: Int(code.rawValue))
        }
        tls = setup
    }

    private func transferError(_ code: CURLcode) -> HTTPClientError {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let kind: HTTPClientError.Kind
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY: kind = .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT: kind = .timedOut
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            kind = .tls
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE: kind = .connectionLost
        default: kind = .other
        }
        return HTTPClientError(kind: kind, message: message, curlCode: Int(code.rawValue))
    }
}

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

/// curl_global_init is not thread-safe and must run once, before the first handle.
/// Before it, OpenSSL is told not to register its legacy cipher names (which OPENSSL_init_ssl, called by
/// curl, would do): nothing here looks a cipher up by name (libssl fetches its ciphers from the provider;
/// only DTLS, encrypted PEM and PKCS#5 would), and the table costs ~100,000 instructions at init and
/// ~540,000 more when the first algorithm fetch copies it into the name map. Digest names stay: certificate
/// verification looks its digest up by NID.
private let curlGlobalInit: Int = {
    OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ADD_ALL_CIPHERS), nil)
    return Int(curl_global_init(3).rawValue)  // CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32
}()

/// Collects one response; reset before every transfer.
private final class ResponseSink {
    var headers = ReceivedHeaders()
    var body: [UInt8] = []

    func reset() {
        headers.removeAll()
        body.removeAll(keepingCapacity: true)
    }
}

private func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}

private func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let data, let context else { return length }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) { start in
        let line = UnsafeBufferPointer(start: start, count: length)
        if line.starts(with: "HTTP/".utf8) {
            // A new status line (after a 100 Continue, say) starts a new header block.
            sink.headers.removeAll()
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            // Trimmed as bytes: as Characters, the line's closing "\r\n" is one grapheme that equals neither.
            sink.headers.append(
                name: UnsafeBufferPointer(rebasing: line[..<colon]),
                value: UnsafeBufferPointer(rebasing: trimmingWhitespace(line[(colon + 1)...])))
        }
    }
    return length
}

private func trimmingWhitespace(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
    let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
        return bytes[bytes.startIndex..<bytes.startIndex]
    }
    return bytes[first...last]
}
