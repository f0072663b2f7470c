import Codec

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where the system keeps its trusted CAs. libcurl's compiled-in default is the build host's path
/// (Debian's), which Amazon Linux does not have, so the bundle probes for the file at run time.
public enum CertificateAuthorities {
    public static let systemBundleCandidates = [
        "/etc/pki/tls/certs/ca-bundle.crt",  // Amazon Linux, Fedora, RHEL
        "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu, Alpine
        "/etc/ssl/ca-bundle.pem",  // openSUSE
        "/etc/ssl/cert.pem",
    ]

    /// `SSL_CERT_FILE` when set, else the first system bundle that exists.
    public static func systemBundlePath(environment: (String) -> String? = Environment.value) -> String? {
        if let path = environment("SSL_CERT_FILE"), !path.isEmpty { return path }
        return systemBundleCandidates.first { access($0, R_OK) == 0 }
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
