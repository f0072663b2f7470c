import HTTPTransport
import Testing

@Suite struct HTTPClientResponseTests {
    @Test func headerLookupIsCaseInsensitiveAndFirstValueWins() {
        let response = HTTPClientResponse(
            status: 200, headers: [(name: "Set-Cookie", value: "a=1"), (name: "set-cookie", value: "b=2"), (name: "ETag", value: "x")],
            body: [], reusedConnection: false)
        #expect(response.header("SET-COOKIE") == "a=1")
        #expect(response.header("etag") == "x")
        #expect(response.header("Missing") == nil)
    }

    @Test func certificateBundleComesFromSSLCertFileFirst() {
        #expect(CertificateAuthorities.systemBundlePath { $0 == "SSL_CERT_FILE" ? "/custom/ca.pem" : nil } == "/custom/ca.pem")
        let found = CertificateAuthorities.systemBundlePath { _ in nil }
        if let found { #expect(CertificateAuthorities.systemBundleCandidates.contains(found)) }
    }
}
