import CCurl

/// A blocking HTTP/1.1 client over one reused libcurl easy handle: the connection (and its TLS session)
/// stays open across warm invocations. Not thread-safe; Lambda hands a process one event at a time.
public final class HTTPClient {
    public struct Configuration: Sendable {
        /// The Runtime API must never go through a proxy; AWS endpoints may honour `HTTPS_PROXY`.
        public var ignoreProxies: Bool
        /// PEM file of extra CAs to trust in addition to the system's (`AWS_CA_BUNDLE`).
        public var additionalCABundlePath: String?
        public var connectTimeoutMilliseconds: Int

        public init(ignoreProxies: Bool = true, additionalCABundlePath: String? = nil, connectTimeoutMilliseconds: Int = 3000) {
            self.ignoreProxies = ignoreProxies
            self.additionalCABundlePath = additionalCABundlePath
            self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        }
    }

    private let handle: UnsafeMutableRawPointer
    private let configuration: Configuration
    private let sink = ResponseSink()
    private let headerLists = HeaderListCache()
    /// libcurl keeps this pointer for the handle's life, so it is allocated (an array's storage may move).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var trustConfigured = false

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
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        if !trustConfigured, request.url.hasPrefix("https:") { try configureTrust() }
        sink.reset()
        errorBuffer[0] = 0

        let headerList = headerLists.list(for: request.headers)

        ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds.map { max(1, $0) } ?? 0)

        let code: CURLcode = request.body.withUnsafeBufferPointer { body in
            configureMethod(request.method, body: body)
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else { throw transferError(code) }

        var status = 0
        var connects = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        ccurl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        return HTTPClientResponse(status: status, headers: sink.headers, body: sink.body, reusedConnection: connects == 0)
    }

    private func configureMethod(_ method: String, body: UnsafeBufferPointer<UInt8>) {
        ccurl_setopt_long(handle, CURLOPT_NOBODY, method == "HEAD" ? 1 : 0)
        switch method {
        case "GET":
            ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        case "HEAD":
            ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        default:
            ccurl_setopt_long(handle, CURLOPT_POST, 1)
            // curl reads the body from this pointer during curl_easy_perform; it must not be NULL.
            let empty: StaticString = ""
            let pointer = body.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                ?? UnsafeMutableRawPointer(mutating: empty.utf8Start)
            ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, pointer)
            ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            if method == "POST" {
                ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
            } else {
                ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)
            }
        }
    }

    /// Verification is always on. The system bundle is found at first HTTPS use (never at init, never for
    /// the plain-HTTP Runtime API); an additional bundle is appended to it rather than replacing it.
    private func configureTrust() throws(HTTPClientError) {
        var pem: [UInt8] = []
        if let system = CertificateAuthorities.systemBundlePath(), let contents = CertificateAuthorities.readFile(system) {
            pem = contents
        }
        if let extra = configuration.additionalCABundlePath {
            guard let contents = CertificateAuthorities.readFile(extra) else {
                throw HTTPClientError(kind: .tls, message: "cannot read the CA bundle \(extra)")
            }
            pem.append(0x0A)
            pem.append(contentsOf: contents)
        }
        if !pem.isEmpty {
            let code = pem.withUnsafeMutableBytes { bytes in
                var blob = curl_blob(data: bytes.baseAddress, len: bytes.count, flags: UInt32(CURL_BLOB_COPY))
                return ccurl_setopt_pointer(handle, CURLOPT_CAINFO_BLOB, &blob)
            }
            guard code == CURLE_OK else {
                throw HTTPClientError(kind: .tls, message: "libcurl refused the CA bundle", curlCode: Int(code.rawValue))
            }
        }
        trustConfigured = true
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

/// curl_global_init is not thread-safe and must run once, before the first handle.
private let curlGlobalInit: Int = Int(curl_global_init(3).rawValue)  // CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32

/// Collects one response; reset before every transfer.
private final class ResponseSink {
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    func reset() {
        headers.removeAll(keepingCapacity: true)
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
            sink.headers.removeAll(keepingCapacity: true)
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            // Trimmed as bytes: as Characters, the line's closing "\r\n" is one grapheme that equals neither.
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: trimmingWhitespace(line[(colon + 1)...]), as: UTF8.self)
            sink.headers.append((name: name, value: value))
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
