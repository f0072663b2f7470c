import CCurl
import Codec

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// PEM bundles of trusted CAs, indexed by subject, behind an OpenSSL `X509_LOOKUP`: building the index
/// reads only each certificate's first few hundred bytes (no OpenSSL decoding), and a verification decodes
/// only the certificates whose subject matches the issuer it looks for. OpenSSL 3 decoding all of a system
/// bundle (~140 certificates) costs ~170 million instructions; the index ~2 million, a lookup ~1 million
/// per matching certificate. The index is immutable once built, so any number of threads may use it.
final class CertificateBundleIndex: Sendable {
    struct Failure: Error {
        let message: String
    }

    private struct Entry {
        let file: Int
        /// The whole PEM block, "-----BEGIN" to the end of its "-----END ...-----" line.
        let block: Range<Int>
    }

    private let files: [[UInt8]]
    private let entries: [Entry]
    private let bySubject: [UInt64: [Int]]

    var certificateCount: Int { entries.count }

    /// Every path must be a readable file; a bundle without a certificate is an error too (nothing would be
    /// trusted from it, which is not what whoever named it meant).
    init(bundles paths: [String]) throws(Failure) {
        var files: [[UInt8]] = []
        var entries: [Entry] = []
        var bySubject: [UInt64: [Int]] = [:]
        for path in paths {
            guard let contents = CertificateAuthorities.readFile(path) else {
                throw Failure(message: "cannot read the CA bundle \(path)")
            }
            let before = entries.count
            contents.withUnsafeBufferPointer { bytes in
                for block in PEMBlocks(bytes) {
                    guard let key = Self.subjectKey(block, in: bytes) else { continue }
                    bySubject[key, default: []].append(entries.count)
                    entries.append(Entry(file: files.count, block: block.whole))
                }
            }
            guard entries.count > before else { throw Failure(message: "the CA bundle \(path) holds no certificate") }
            files.append(contents)
        }
        self.files = files
        self.entries = entries
        self.bySubject = bySubject
    }

    /// The subject's key from a prefix of the DER; from the whole certificate (decoded by OpenSSL) when the
    /// prefix does not reach the end of the subject or is odd. `nil`: OpenSSL cannot read it either.
    private static func subjectKey(_ block: PEMBlocks.Block, in bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let body = UnsafeBufferPointer(rebasing: bytes[block.body])
        // Most subjects end within the first 400 bytes; the rest get more, then all.
        for limit in [400, 1200, Int.max] {
            guard let der = Base64.decodePrefix(body, limit: limit) else { break }
            if let key = der.withUnsafeBufferPointer({ SubjectKey.ofSubject(certificate: $0) }) { return key }
            if der.count < limit { break }
        }
        guard let certificate = decode(UnsafeBufferPointer(rebasing: bytes[block.whole])) else { return nil }
        defer { X509_free(certificate) }
        return subjectKey(of: X509_get_subject_name(certificate))
    }

    private static func subjectKey(of name: OpaquePointer?) -> UInt64? {
        var der: UnsafePointer<UInt8>? = nil
        var length = 0
        guard let name, X509_NAME_get0_der(name, &der, &length) == 1, let der else { return nil }
        return SubjectKey.of(name: UnsafeBufferPointer(start: der, count: length))
    }

    /// One PEM block through OpenSSL's PEM reader: "CERTIFICATE", or "TRUSTED CERTIFICATE" with its trust
    /// settings, exactly as a bundle loaded by OpenSSL itself would give it.
    private static func decode(_ pem: UnsafeBufferPointer<UInt8>) -> OpaquePointer? {
        guard let bio = BIO_new_mem_buf(pem.baseAddress, Int32(pem.count)) else { return nil }
        defer { BIO_free(bio) }
        return PEM_read_bio_X509_AUX(bio, nil, nil, nil)
    }

    /// Adds every certificate of the bundles whose subject is `name` to `store` and hands the first to
    /// `result`, as OpenSSL's own hashed-directory lookup does. False when there is none.
    fileprivate func load(subject name: OpaquePointer, into store: OpaquePointer, result: OpaquePointer) -> Bool {
        guard let key = Self.subjectKey(of: name), let candidates = bySubject[key] else { return false }
        var found = false
        for candidate in candidates {
            let entry = entries[candidate]
            let certificate = files[entry.file].withUnsafeBufferPointer { Self.decode(UnsafeBufferPointer(rebasing: $0[entry.block])) }
            guard let certificate else { continue }
            defer { X509_free(certificate) }
            guard X509_NAME_cmp(X509_get_subject_name(certificate), name) == 0 else { continue }
            // The store keeps its own reference (a copy another thread added first is kept instead).
            guard X509_STORE_add_cert(store, certificate) == 1 else { continue }
            if !found, X509_OBJECT_set1_X509(result, certificate) == 1 {
                // `result` borrows the store's reference, as OpenSSL's by_dir lookup does: the caller
                // (X509_STORE_CTX_get_by_subject) takes a reference of its own and never frees `result`.
                X509_free(certificate)
                found = true
            }
        }
        return found
    }

    /// An `X509_LOOKUP` over this index, added to `store`. The store holds the index for the process's life.
    func install(in store: OpaquePointer) -> Bool {
        guard let lookup = X509_STORE_add_lookup(store, bundleLookupMethod) else { return false }
        X509_LOOKUP_set_method_data(lookup, Unmanaged.passRetained(self).toOpaque())
        return true
    }
}

/// One method for every store; each store's lookup carries its own index as method data.
private nonisolated(unsafe) let bundleLookupMethod: OpaquePointer = {
    let method = X509_LOOKUP_meth_new("swift-lambda bundle index")!
    X509_LOOKUP_meth_set_get_by_subject(method) { lookup, type, name, result in
        guard type == X509_LU_X509, let lookup, let name, let result, let store = X509_LOOKUP_get_store(lookup),
            let data = X509_LOOKUP_get_method_data(lookup)
        else { return 0 }
        let index = Unmanaged<CertificateBundleIndex>.fromOpaque(data).takeUnretainedValue()
        return index.load(subject: name, into: store, result: result) ? 1 : 0
    }
    return method
}()

/// The PEM certificate blocks of a bundle, in order; anything between them (comments, other labels) is skipped.
struct PEMBlocks: Sequence, IteratorProtocol {
    struct Block {
        let whole: Range<Int>
        let body: Range<Int>
    }

    private static let begins = [Array("-----BEGIN CERTIFICATE-----".utf8), Array("-----BEGIN TRUSTED CERTIFICATE-----".utf8)]
    private static let begin = Array("-----BEGIN ".utf8)
    private static let end = Array("-----END ".utf8)
    private static let dashes = Array("-----".utf8)
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func next() -> Block? {
        while let start = find(Self.begin, from: position) {
            position = start + Self.begin.count
            guard let label = Self.begins.first(where: { matches($0, at: start) }) else { continue }
            let bodyStart = start + label.count
            guard let bodyEnd = find(Self.end, from: bodyStart),
                var lineEnd = find(Self.dashes, from: bodyEnd + Self.end.count).map({ $0 + Self.dashes.count })
            else { break }
            while lineEnd < bytes.count, bytes[lineEnd] == 0x0D || bytes[lineEnd] == 0x0A { lineEnd += 1 }
            position = lineEnd
            return Block(whole: start..<lineEnd, body: bodyStart..<bodyEnd)
        }
        position = bytes.count
        return nil
    }

    private func matches(_ pattern: [UInt8], at index: Int) -> Bool {
        index + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[index + $0] == pattern[$0] }
    }

    /// memchr for the first byte (glibc's is vectorised: a bundle is ~200 KB of which only the markers
    /// matter), then a comparison.
    private func find(_ pattern: [UInt8], from index: Int) -> Int? {
        guard let base = bytes.baseAddress, let first = pattern.first else { return nil }
        var index = index
        while index + pattern.count <= bytes.count {
            guard let hit = memchr(base + index, Int32(first), bytes.count - index) else { return nil }
            index = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if matches(pattern, at: index) { return index }
            index += 1
        }
        return nil
    }
}
