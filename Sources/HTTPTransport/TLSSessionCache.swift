import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// libcurl's TLS session cache shared by every handle of one TrustStore (CURLSH with
/// CURL_LOCK_DATA_SSL_SESSION): a new connection to a host this process has talked to resumes the session
/// (TLS 1.3 tickets, TLS 1.2 session IDs), skipping the certificate chain, its verification and the key
/// exchange's signature. Handles on different threads use it at once; libcurl takes the locks below.
final class TLSSessionCache: @unchecked Sendable {
    // @unchecked: the share is only touched by libcurl, under `locks`.
    let share: UnsafeMutableRawPointer
    /// One mutex per curl_lock_data value; allocated so libcurl can hold their address.
    private let locks: UnsafeMutablePointer<pthread_mutex_t>
    private static let lockCount = Int(CURL_LOCK_DATA_LAST.rawValue)

    init() throws(HTTPClientError) {
        guard let share = curl_share_init() else { throw HTTPClientError(kind: .tls, message: "curl_share_init failed") }
        self.share = share
        locks = .allocate(capacity: Self.lockCount)
        for index in 0..<Self.lockCount { pthread_mutex_init(locks + index, nil) }
        var code = ccurl_share_setopt_pointer(share, CURLSHOPT_USERDATA, locks)
        if code == CURLSHE_OK { code = ccurl_share_setopt_lock(share, lockShare) }
        if code == CURLSHE_OK { code = ccurl_share_setopt_unlock(share, unlockShare) }
        if code == CURLSHE_OK { code = ccurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue)) }
        guard code == CURLSHE_OK else {
            curl_share_cleanup(share)
            for index in 0..<Self.lockCount { pthread_mutex_destroy(locks + index) }
            locks.deallocate()
            throw HTTPClientError(kind: .tls, message: "cannot share TLS sessions: \(String(cString: curl_share_strerror(code)))")
        }
    }

    // No deinit: a TrustStore, and so its cache, lives as long as the process (handles may still use it).
}

private func lockShare(_ handle: UnsafeMutableRawPointer?, _ data: curl_lock_data, _ access: curl_lock_access, _ locks: UnsafeMutableRawPointer?) {
    guard let locks, Int(data.rawValue) < Int(CURL_LOCK_DATA_LAST.rawValue) else { return }
    pthread_mutex_lock(locks.assumingMemoryBound(to: pthread_mutex_t.self) + Int(data.rawValue))
}

private func unlockShare(_ handle: UnsafeMutableRawPointer?, _ data: curl_lock_data, _ locks: UnsafeMutableRawPointer?) {
    guard let locks, Int(data.rawValue) < Int(CURL_LOCK_DATA_LAST.rawValue) else { return }
    pthread_mutex_unlock(locks.assumingMemoryBound(to: pthread_mutex_t.self) + Int(data.rawValue))
}
