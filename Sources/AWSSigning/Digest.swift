import CCrypto
import Codec

/// SHA-256 as fetched from libcrypto, once per process and only when something first hashes: OpenSSL's
/// first fetch builds its name map (~1.4 M instructions), which must not be paid before the first
/// `GET /next`. A fetched EVP_MD is immutable and reference-counted, so every thread may share it; the
/// global's lazy initialisation is thread-safe (swift_once).
nonisolated(unsafe) private let sha256Algorithm: OpaquePointer = EVP_MD_fetch(nil, "SHA256", nil)!

/// SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto. OpenSSL 3's one-shot `SHA256()`/`HMAC()` look the
/// algorithm up on every call, which costs more than hashing a request; these reuse one fetched algorithm
/// and one context instead. Not thread-safe: each signer owns its own.
public final class SHA256Hasher {
    private var algorithm: OpaquePointer { sha256Algorithm }
    private let context: OpaquePointer

    public init() {
        context = EVP_MD_CTX_new()!
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    public func hash<Bytes: ContiguousBytesLike>(_ data: Bytes) -> [UInt8] {
        EVP_DigestInit_ex(context, algorithm, nil)
        data.withBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        return finish(context)
    }

    public func hmac<Bytes: ContiguousBytesLike>(key: [UInt8], _ data: Bytes) -> [UInt8] {
        HMACKey(key, hasher: self).authenticate(data)
    }

    fileprivate func start(_ context: OpaquePointer, _ prefix: [UInt8]) {
        EVP_DigestInit_ex(context, algorithm, nil)
        prefix.withUnsafeBufferPointer { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
    }

    fileprivate func finish(_ context: OpaquePointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { output, count in
            var length: UInt32 = 0
            EVP_DigestFinal_ex(context, output.baseAddress, &length)
            count = Int(length)
        }
    }

    fileprivate var scratch: OpaquePointer { context }
}

/// An HMAC-SHA256 key with its padded inner and outer blocks already hashed (RFC 2104), so each MAC costs
/// two context copies and the message, not four block compressions more.
public final class HMACKey {
    private let hasher: SHA256Hasher
    private let inner: OpaquePointer
    private let outer: OpaquePointer

    public init(_ key: [UInt8], hasher: SHA256Hasher) {
        self.hasher = hasher
        var block = key.count > 64 ? hasher.hash(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        inner = EVP_MD_CTX_new()!
        outer = EVP_MD_CTX_new()!
        hasher.start(inner, block.map { $0 ^ 0x36 })
        hasher.start(outer, block.map { $0 ^ 0x5C })
    }

    deinit {
        EVP_MD_CTX_free(inner)
        EVP_MD_CTX_free(outer)
    }

    public func authenticate<Bytes: ContiguousBytesLike>(_ data: Bytes) -> [UInt8] {
        let context = hasher.scratch
        EVP_MD_CTX_copy_ex(context, inner)
        data.withBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        let innerHash = hasher.finish(context)
        EVP_MD_CTX_copy_ex(context, outer)
        innerHash.withUnsafeBufferPointer { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        return hasher.finish(context)
    }
}

/// Byte containers the digests read without copying.
public protocol ContiguousBytesLike {
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R
}

extension Array: ContiguousBytesLike where Element == UInt8 {
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { withUnsafeBufferPointer(body) }
}

extension String: ContiguousBytesLike {
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var copy = self
        return copy.withUTF8(body)
    }
}
