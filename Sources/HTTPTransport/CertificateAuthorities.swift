import Codec

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where the CAs a client trusts come from. libcurl's compiled-in default is the build host's path
/// (Debian's), which Amazon Linux does not have, so the system's are found at run time.
public struct TrustSources: Hashable, Sendable {
    /// PEM bundles, read through a subject index (CertificateBundleIndex).
    public var bundles: [String]
    /// OpenSSL hashed directories (`<subject hash>.<n>` files, as `openssl rehash` and
    /// update-ca-certificates make them): only the certificates a verification needs are read.
    public var hashedDirectories: [String]

    public init(bundles: [String] = [], hashedDirectories: [String] = []) {
        self.bundles = bundles
        self.hashedDirectories = hashedDirectories
    }

    /// The same sources with `path` trusted as well (`AWS_CA_BUNDLE`).
    public func adding(bundle path: String?) -> TrustSources {
        guard let path, !path.isEmpty, !bundles.contains(path) else { return self }
        return TrustSources(bundles: bundles + [path], hashedDirectories: hashedDirectories)
    }
}

/// Where the system's trusted CAs are on the distributions Lambda and the build hosts run.
public enum CertificateAuthorities {
    /// Hashed directories, looked for before the bundles: the cheapest way to the few CAs a chain needs.
    public static let systemDirectoryCandidates = [
        "/etc/pki/ca-trust/extracted/pem/directory-hash",  // Amazon Linux 2023, Fedora, RHEL 9
        "/etc/ssl/certs",  // Debian, Ubuntu, Alpine (on Amazon Linux it exists but is not hashed)
    ]
    public static let systemBundleCandidates = [
        "/etc/pki/tls/certs/ca-bundle.crt",  // Amazon Linux 2 and 2023, Fedora, RHEL
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // the same, where only the extracted set exists
        "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu, Alpine
        "/etc/ssl/ca-bundle.pem",  // openSUSE
        "/etc/ssl/cert.pem",
    ]

    /// OpenSSL's own variables replace the system's sources: `SSL_CERT_FILE` a bundle, `SSL_CERT_DIR`
    /// hashed directories (colon-separated). Without either, the first hashed system directory that exists,
    /// else the first system bundle that exists; none at all trusts nothing, and verification fails.
    public static func systemSources(environment: (String) -> String? = Environment.value) -> TrustSources {
        let file = environment("SSL_CERT_FILE").flatMap { $0.isEmpty ? nil : $0 }
        let directories = environment("SSL_CERT_DIR").map { $0.split(separator: ":").map(String.init) } ?? []
        if file != nil || !directories.isEmpty {
            return TrustSources(bundles: file.map { [$0] } ?? [], hashedDirectories: directories)
        }
        if let directory = systemDirectoryCandidates.first(where: isHashedDirectory) {
            return TrustSources(hashedDirectories: [directory])
        }
        return TrustSources(bundles: systemBundlePath(environment: environment).map { [$0] } ?? [])
    }

    /// `SSL_CERT_FILE` when set, else the first system bundle that exists.
    public static func systemBundlePath(environment: (String) -> String? = Environment.value) -> String? {
        if let path = environment("SSL_CERT_FILE"), !path.isEmpty { return path }
        return systemBundleCandidates.first { access($0, R_OK) == 0 }
    }

    /// A directory holding at least one `<8 hex digits>.<digit>` entry, the names OpenSSL looks up.
    public static func isHashedDirectory(_ path: String) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let isHashName = withUnsafeBytes(of: entry.pointee.d_name) { name -> Bool in
                let bytes = name.prefix { $0 != 0 }
                guard bytes.count >= 10, bytes.count <= 11 else { return false }
                let hash = bytes.prefix(8)
                let suffix = bytes.dropFirst(8)
                return hash.allSatisfy { Hex.value(of: $0) != nil } && suffix.first == UInt8(ascii: ".")
                    && suffix.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            }
            if isHashName { return true }
        }
        return false
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count <= 0 { break }
            contents.append(contentsOf: chunk[0..<count])
        }
        return ferror(file) == 0 ? contents : nil
    }
}
