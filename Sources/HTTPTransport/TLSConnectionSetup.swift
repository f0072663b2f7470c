import CCurl

/// What one HTTPClient's handle does to each new TLS connection (CURLOPT_SSL_CTX_FUNCTION): verify against
/// the process's TrustStore, and note whether the handshake resumed a session. Used only by the thread
/// that runs the handle's transfer, like the handle itself.
final class TLSConnectionSetup {
    let trust: TrustStore
    private(set) var handshakes = 0
    private(set) var lastHandshakeResumed = false

    init(trust: TrustStore) { self.trust = trust }

    /// Points the handle at this setup and the trust store's session cache; both outlive the handle.
    func attach(to handle: UnsafeMutableRawPointer) -> CURLcode {
        var code = ccurl_setopt_ssl_ctx_function(handle, prepareConnection)
        if code == CURLE_OK { code = ccurl_setopt_pointer(handle, CURLOPT_SSL_CTX_DATA, Unmanaged.passUnretained(self).toOpaque()) }
        if code == CURLE_OK { code = ccurl_setopt_pointer(handle, CURLOPT_SHARE, trust.sessions.share) }
        return code
    }

    fileprivate func prepare(_ context: OpaquePointer) -> Bool {
        guard trust.install(in: context) else { return false }
        // SSL_CTX_set_app_data: libcurl makes a new SSL_CTX per connection and leaves its app data alone.
        SSL_CTX_set_ex_data(context, 0, Unmanaged.passUnretained(self).toOpaque())
        SSL_CTX_set_info_callback(context, observeHandshake)
        return true
    }

    fileprivate func handshakeDone(resumed: Bool) {
        handshakes += 1
        lastHandshakeResumed = resumed
    }
}

private func prepareConnection(_ handle: UnsafeMutableRawPointer?, _ context: UnsafeMutableRawPointer?, _ setup: UnsafeMutableRawPointer?) -> CURLcode {
    guard let context, let setup else { return CURLE_SSL_CACERT_BADFILE }
    return Unmanaged<TLSConnectionSetup>.fromOpaque(setup).takeUnretainedValue().prepare(OpaquePointer(context))
        ? CURLE_OK : CURLE_SSL_CACERT_BADFILE
}

/// Once per handshake (OpenSSL does not signal TLS 1.3's post-handshake tickets as handshakes).
private func observeHandshake(_ ssl: OpaquePointer?, _ event: Int32, _ value: Int32) {
    guard event & SSL_CB_HANDSHAKE_DONE != 0, let ssl, let context = SSL_get_SSL_CTX(ssl),
        let setup = SSL_CTX_get_ex_data(context, 0)
    else { return }
    Unmanaged<TLSConnectionSetup>.fromOpaque(setup).takeUnretainedValue().handshakeDone(resumed: SSL_session_reused(ssl) == 1)
}
