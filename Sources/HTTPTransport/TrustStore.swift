import CCurl
import Synchronization

/// The CAs of one `TrustSources`, built once per process at first HTTPS use and shared by every
/// connection of every `HTTPClient` that trusts the same sources, on any thread: each new TLS connection's
/// `SSL_CTX` gets this `X509_STORE` (up-referenced) instead of a store of its own. Certificates are read
/// lazily, only those a verification asks for (CertificateBundleIndex, OpenSSL's hashed-directory lookup),
/// and stay in the store once read.
///
/// It also owns the TLS session cache of those connections (TLSSessionCache): a reconnect resumes the
/// session instead of a full handshake. Sessions are never shared across trust sources, so a session
/// verified against one set of CAs is never resumed by a client that trusts another.
///
/// Verification is as strict as libcurl's own store: libcurl sets TRUSTED_FIRST and PARTIAL_CHAIN on the
/// stores it fills, and so does this one; hostname, validity and chain checks are OpenSSL's and libcurl's.
public final class TrustStore: @unchecked Sendable {
    // @unchecked: the X509_STORE locks itself (its objects and lookups are guarded by its own lock, the
    // bundle index is immutable, by_dir has a lock), and the session cache locks through its callbacks.
    public let sources: TrustSources
    let store: OpaquePointer
    let sessions: TLSSessionCache

    private static let shared = Mutex<[TrustSources: TrustStore]>([:])

    /// The process's store for `sources`, built on first use. A source that cannot be read is an error
    /// (and nothing is cached, so a later call tries again).
    public static func forSources(_ sources: TrustSources) throws(HTTPClientError) -> TrustStore {
        if let existing = shared.withLock({ $0[sources] }) { return existing }
        // Built outside the lock: a slow disk must not hold up clients of other sources. Two threads racing
        // here both build, the first to store wins; the other's store is simply never used.
        let built = try TrustStore(sources: sources)
        return shared.withLock { stores in
            if let existing = stores[sources] { return existing }
            stores[sources] = built
            return built
        }
    }

    private init(sources: TrustSources) throws(HTTPClientError) {
        guard let store = X509_STORE_new() else { throw HTTPClientError(kind: .tls, message: "X509_STORE_new failed") }
        self.sources = sources
        self.store = store
        X509_STORE_set_flags(store, UInt(X509_V_FLAG_TRUSTED_FIRST | X509_V_FLAG_PARTIAL_CHAIN))
        if !sources.hashedDirectories.isEmpty {
            guard let lookup = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir()) else {
                X509_STORE_free(store)
                throw HTTPClientError(kind: .tls, message: "cannot add a hashed-directory lookup")
            }
            for directory in sources.hashedDirectories where cx509_lookup_add_dir(lookup, directory) != 1 {
                X509_STORE_free(store)
                throw HTTPClientError(kind: .tls, message: "cannot use the CA directory \(directory)")
            }
        }
        if !sources.bundles.isEmpty {
            do throws(CertificateBundleIndex.Failure) {
                let index = try CertificateBundleIndex(bundles: sources.bundles)
                guard index.install(in: store) else { throw CertificateBundleIndex.Failure(message: "cannot add the CA bundle lookup") }
            } catch {
                X509_STORE_free(store)
                throw HTTPClientError(kind: .tls, message: error.message)
            }
        }
        do {
            sessions = try TLSSessionCache()
        } catch {
            X509_STORE_free(store)
            throw error
        }
    }

    /// For each new connection's SSL_CTX, before the handshake (TLSConnectionSetup).
    func install(in context: OpaquePointer) -> Bool {
        cssl_ctx_set1_verify_cert_store(context, store) == 1
    }
}
